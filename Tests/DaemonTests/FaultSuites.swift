import Testing

/// The heavy fault suites (hostile input, database faults, crash safety) run one after another:
/// each loads the machine on purpose, and together, in parallel with the rest of the test run,
/// they would starve the timing-sensitive tests of other suites.
@Suite("Fault suites, one at a time", .serialized)
enum FaultSuites {}
