import ArgumentParser
import Varlink

/// A trainingctl command that talks to the daemon.
///
/// Why a protocol: every command runs the same way (build the connection and printer from the
/// global options, do its work, and on failure print one `trainingctl: ...` line to stderr and
/// exit with the error's status), so that lives here once and commands only implement
/// ``execute(_:_:)``.
protocol DaemonCommand: AsyncParsableCommand {
    var globals: GlobalOptions { get }

    /// The command's work; every failure is a ``CtlError``.
    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError)
}

extension DaemonCommand {
    func run() async throws {
        do throws(CtlError) {
            try await execute(DaemonConnection(socketPath: globals.socketPath), ReplyPrinter(json: globals.json))
        } catch {
            StandardError.writeLine("trainingctl: \(error.message)")
            throw ExitCode(error.exitStatus.rawValue)
        }
    }

    /// `parameters` of a tenant-scoped call, with `tenant` added when one was chosen
    /// (`--tenant` or `TRAININGD_TENANT`); without it the daemon uses the caller's only tenant.
    func tenantScoped(_ parameters: JSONObject) -> JSONObject {
        var parameters = parameters
        if let tenant = globals.tenantSlug { parameters["tenant"] = .string(tenant) }
        return parameters
    }
}
