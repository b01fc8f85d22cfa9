import ChildProcess
import Foundation
import Logging
import Postgres

/// A PostgreSQL cluster of the daemon's own under its state directory, used when no database
/// is configured: `initdb` on first start, `pg_ctl start` with the daemon and `stop` after it.
///
/// It listens only on a Unix socket inside its own 0700 directory (no TCP), trusts only its
/// owner there, and runs as an unprivileged user when the daemon runs as root (PostgreSQL
/// refuses to run as root).
struct PrivateCluster: Sendable {
    let directory: URL
    let runAsUser: String?
    let logger: Logger

    var dataDirectory: URL { directory.appendingPathComponent("data") }
    var logFile: URL { directory.appendingPathComponent("postgres.log") }
    static let databaseName = "trainingd"

    init(stateDirectory: String, clusterUser: String, logger: Logger) {
        self.directory = URL(fileURLWithPath: stateDirectory).appendingPathComponent("postgres").standardized
        self.runAsUser = getuid() == 0 ? clusterUser : nil
        self.logger = logger
    }

    /// The conninfo of the running cluster's `trainingd` database.
    var conninfo: PGConninfo {
        get throws { try PGConninfo("host=\(directory.path) user=postgres dbname=\(Self.databaseName)") }
    }

    /// Creates the cluster if needed, starts it unless it already runs, and creates the
    /// database. Idempotent: a daemon restarted after a crash finds its cluster running.
    func start() throws -> PGConninfo {
        let bin = try PostgresBinaries.locate()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try handOver(directory)
        if !FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) {
            logger.info("creating private PostgreSQL cluster", metadata: ["db.cluster": "\(dataDirectory.path)"])
            try run(bin.appendingPathComponent("initdb"), ["-D", dataDirectory.path, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"])
            try "local all postgres trust\n".write(to: dataDirectory.appendingPathComponent("pg_hba.conf"), atomically: true, encoding: .utf8)
            try handOver(dataDirectory.appendingPathComponent("pg_hba.conf"))
        }
        if (try? run(bin.appendingPathComponent("pg_ctl"), ["-D", dataDirectory.path, "status"])) == nil {
            logger.info("starting private PostgreSQL cluster", metadata: ["db.cluster": "\(dataDirectory.path)"])
            try run(bin.appendingPathComponent("pg_ctl"), [
                "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60",
                "-o", "-k \(directory.path) -c listen_addresses='' -c max_connections=300 -c jit=off", "start",
            ])
        }
        try createDatabaseIfMissing()
        return try conninfo
    }

    func stop() {
        guard let bin = try? PostgresBinaries.locate() else { return }
        logger.info("stopping private PostgreSQL cluster", metadata: ["db.cluster": "\(dataDirectory.path)"])
        do {
            try run(bin.appendingPathComponent("pg_ctl"), ["-D", dataDirectory.path, "-m", "fast", "-w", "stop"])
        } catch {
            logger.error("private PostgreSQL cluster did not stop", metadata: ["error": "\(error)"])
        }
    }

    private func createDatabaseIfMissing() throws {
        let admin = try PGConnection.connect(try PGConninfo("host=\(directory.path) user=postgres dbname=postgres"), logger: logger)
        let exists = try admin.query("SELECT 1 FROM pg_database WHERE datname = \(Self.databaseName)").rowCount > 0
        if !exists { try admin.executeScript("CREATE DATABASE " + admin.quoteIdentifier(Self.databaseName)) }
    }

    /// Gives a path to the cluster user (when running as root) with owner-only access.
    private func handOver(_ url: URL) throws {
        guard let runAsUser else {
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
            return
        }
        guard let entry = getpwnam(runAsUser) else {
            throw ClusterError(message: "user '\(runAsUser)' (cluster_user) does not exist; install postgresql or set cluster_user")
        }
        guard chown(url.path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
            throw ClusterError(message: "cannot give \(url.path) to \(runAsUser): errno \(errno)")
        }
        if url == directory { _ = chmod(url.path, 0o700) }
    }

    /// Runs a PostgreSQL tool, as the cluster user when we are root, and fails with its output.
    @discardableResult
    private func run(_ tool: URL, _ arguments: [String]) throws -> String {
        let result = runAsUser.map { user in try? ChildProcess.run("/usr/sbin/runuser", ["-u", user, "--", tool.path] + arguments) }
            ?? (try? ChildProcess.run(tool.path, arguments))
        guard let result else { throw ClusterError(message: "cannot run \(tool.path)") }
        guard result.status == 0 else {
            throw ClusterError(message: "\(tool.lastPathComponent) \(arguments.last ?? "") failed (exit \(result.status)): \(result.output.suffix(2000))")
        }
        return result.output
    }
}

struct ClusterError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Finds initdb and pg_ctl, which Debian keeps off PATH.
enum PostgresBinaries {
    static func locate() throws -> URL {
        var candidates: [String] = []
        if let bindir = try? ChildProcess.run("/usr/bin/pg_config", ["--bindir"]), bindir.status == 0 {
            candidates.append(bindir.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }) else {
            throw ClusterError(message: "initdb not found (looked in \(candidates.joined(separator: ", "))); install the postgresql package or configure 'database'")
        }
        return URL(fileURLWithPath: found)
    }
}
