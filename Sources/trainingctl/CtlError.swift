/// Every failure trainingctl reports: one line of text for stderr and the exit status that
/// classifies it.
///
/// Commands throw only this type (typed throws), so the single place that prints errors
/// (``DaemonCommand/run()``) never has to guess how to word or classify a failure.
/// Daemon replies and transport failures are translated in `CtlError+Varlink.swift`.
struct CtlError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, without the `trainingctl: ` prefix.
    var message: String
    var exitStatus: ExitStatus

    init(_ message: String, exitStatus: ExitStatus) {
        self.message = message
        self.exitStatus = exitStatus
    }

    var description: String { message }

    /// A mistake on the command line that ArgumentParser cannot see (bad JSON, unknown user).
    static func usage(_ message: String) -> CtlError {
        CtlError(message, exitStatus: .usage)
    }
}
