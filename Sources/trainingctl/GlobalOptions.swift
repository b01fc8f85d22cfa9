import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Options every command takes: where the daemon is, which tenant, and how to print.
///
/// Declared on the root command and on every subcommand, so they may be written before or
/// after the command name (`trainingctl --json status` and `trainingctl status --json`).
struct GlobalOptions: ParsableArguments {
    /// trainingd's default socket (DaemonConfiguration.defaultSocketPath in the daemon).
    static let defaultSocketPath = "/run/trainingd/io.trainingd"

    @Option(help: ArgumentHelp(
        "Path of trainingd's Varlink socket (env TRAININGD_SOCKET; default \(defaultSocketPath)).",
        valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp(
        "Tenant slug sent as `tenant` with tenant-scoped calls: grant, revoke, call (env TRAININGD_TENANT).",
        valueName: "slug"))
    var tenant: String?

    @Flag(help: "Print the reply's parameters as JSON (indented, keys sorted) instead of a table.")
    var json = false

    /// `--socket`, else `TRAININGD_SOCKET`, else the daemon's default.
    var socketPath: String {
        socket ?? Self.environment("TRAININGD_SOCKET") ?? Self.defaultSocketPath
    }

    /// `--tenant`, else `TRAININGD_TENANT`, else none (the daemon then uses the caller's only tenant).
    var tenantSlug: String? {
        tenant ?? Self.environment("TRAININGD_TENANT")
    }

    /// A set, non-empty environment variable.
    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name).flatMap({ String(validatingCString: $0) }), !value.isEmpty else { return nil }
        return value
    }
}
