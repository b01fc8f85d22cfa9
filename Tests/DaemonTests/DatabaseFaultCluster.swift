import ChildProcess
import Foundation
import TestSupport

/// A PostgreSQL cluster of the database-fault tests' own, in a temporary directory, so that
/// restarting it does not disturb the cluster the rest of the suite shares.
struct DatabaseFaultCluster {
    let directory: URL
    let port = 5436
    let bindir: String

    var data: String { directory.appendingPathComponent("data").path }
    var conninfo: String { "host=\(directory.path) port=\(port) user=postgres dbname=faults connect_timeout=3" }

    static func start() async throws -> DatabaseFaultCluster {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dbfault-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if getuid() == 0 { _ = try await ChildProcess.runDetached("/bin/chown", ["postgres:", directory.path]) }
        let cluster = DatabaseFaultCluster(directory: directory, bindir: try await PostgresPrograms.locate().bindir)
        try await cluster.run("initdb", ["-D", cluster.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--nosync"])
        try await cluster.pgctl("start")
        try await cluster.run("psql", ["-h", directory.path, "-p", "\(cluster.port)", "-U", "postgres", "-d", "postgres",
                                       "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE faults"])
        return cluster
    }

    /// `pg_ctl <action>` with the cluster's options; e.g. "stop -m fast", "restart -m fast".
    func pgctl(_ action: String) async throws {
        try await run("pg_ctl", ["-D", data, "-l", directory.appendingPathComponent("log").path, "-w", "-t", "60",
                                 "-o", "-k \(directory.path) -c listen_addresses='' -c port=\(port) -c fsync=off -c max_connections=50"]
                      + action.split(separator: " ").map(String.init))
    }

    func query(_ sql: String) async throws -> String {
        try await run("psql", ["-h", directory.path, "-p", "\(port)", "-U", "postgres", "-d", "faults", "-v", "ON_ERROR_STOP=1", "-Atc", sql])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func run(_ program: String, _ arguments: [String]) async throws -> String {
        try await PostgresPrograms(bindir: bindir).run(program, arguments)
    }

    func remove() async {
        _ = try? await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }
}
