import ArgumentParser

/// What every load shares: where the daemon is, how many clients, for how long.
struct LoadOptions: ParsableArguments {
    @Option(help: "The daemon's Varlink socket.") var socket: String
    @Option(help: "Tenant slug.") var tenant: String
    @Option(help: "Concurrent clients, each on its own connection.") var clients = 8
    @Option(help: "Measured seconds (after the warm-up).") var seconds = 10.0
    @Option(help: "Warm-up seconds, not measured.") var warmup = 1.0
    @Option(help: "Also sample VmRSS of this process every 20 ms; report the peak.") var samplePid: Int32?
}
