import ChildProcess
import Foundation
import TestSupport

/// The PostgreSQL server programs, for the suites that start clusters of their own (failover,
/// database faults). initdb refuses root, so root runs them as the `postgres` user, as
/// scripts/lib/common.sh does for the shared test cluster.
struct PostgresPrograms: Sendable {
    let bindir: String

    /// `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin: not always on PATH.
    static func locate() async throws -> PostgresPrograms {
        var candidates: [String] = []
        if let configured = try? await ChildProcess.runDetached("/usr/bin/pg_config", ["--bindir"]), configured.status == 0 {
            candidates.append(configured.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }.map { "/usr/lib/postgresql/\($0)/bin" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }) else {
            throw TestSetupError("initdb not found in \(candidates)")
        }
        return PostgresPrograms(bindir: found)
    }

    /// Runs a program; throws with its output on failure. It runs from `/`: the postgres user may
    /// not enter the current directory (a root-owned checkout), and psql's complaint about that
    /// would land in the output the tests read.
    @discardableResult
    func run(_ program: String, _ arguments: [String]) async throws -> String {
        let executable = "\(bindir)/\(program)"
        let result = getuid() == 0
            ? try await ChildProcess.runDetached("/usr/sbin/runuser", ["-u", "postgres", "--", "/usr/bin/env", "-C", "/", executable] + arguments)
            : try await ChildProcess.runDetached(executable, arguments)
        guard result.status == 0 else { throw TestSetupError("\(program) \(arguments.joined(separator: " ")) exited \(result.status):\n\(result.output)") }
        return result.output
    }
}
