import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// libpq failover through one running daemon: a primary and a streaming replica on this
/// machine, trainingd given both (`host=A,B port=P,Q target_session_attrs=read-write`); the
/// primary stops, calls answer DatabaseUnavailable, the replica is promoted, and writes resume
/// through the same process with everything written before still there.
@Suite("PostgreSQL failover")
struct FailoverTests {
    /// Two clusters in temporary directories, each listening only on a socket in its own
    /// directory, owned by the `postgres` user under root (see PostgresPrograms).
    struct Clusters {
        let primary: URL
        let replica: URL
        let primaryPort = 5433
        let replicaPort = 5434
        let bindir: String

        var conninfo: String {
            "host=\(primary.path),\(replica.path) port=\(primaryPort),\(replicaPort) user=postgres dbname=failover "
                + "target_session_attrs=read-write connect_timeout=3"
        }

        /// Runs a PostgreSQL program (as the cluster user under root); throws with its output on failure.
        @discardableResult
        func run(_ program: String, _ arguments: [String]) async throws -> String {
            try await PostgresPrograms(bindir: bindir).run(program, arguments)
        }

        func options(_ directory: URL, port: Int) -> String {
            "-k \(directory.path) -c listen_addresses='' -c port=\(port) -c fsync=off -c wal_level=replica -c max_wal_senders=4 -c hot_standby=on"
        }

        static func start() async throws -> Clusters {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("failover-\(UUID().uuidString.prefix(8))")
            let clusters = Clusters(primary: base.appendingPathComponent("primary"), replica: base.appendingPathComponent("replica"),
                                    bindir: try await PostgresPrograms.locate().bindir)
            for directory in [base, clusters.primary, clusters.replica] {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                if getuid() == 0 { _ = try await ChildProcess.runDetached("/bin/chown", ["postgres:", directory.path]) }
            }
            let primaryData = clusters.primary.appendingPathComponent("data").path
            try await clusters.run("initdb", ["-D", primaryData, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--nosync"])
            try await clusters.run("pg_ctl", ["-D", primaryData, "-l", clusters.primary.appendingPathComponent("log").path, "-w", "-t", "60",
                                              "-o", clusters.options(clusters.primary, port: clusters.primaryPort), "start"])
            try await clusters.run("psql", ["-h", clusters.primary.path, "-p", "\(clusters.primaryPort)", "-U", "postgres", "-d", "postgres",
                                            "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE failover"])
            // The replica: a base backup with the standby settings (-R), streaming from the primary.
            let replicaData = clusters.replica.appendingPathComponent("data").path
            try await clusters.run("pg_basebackup", ["-h", clusters.primary.path, "-p", "\(clusters.primaryPort)", "-U", "postgres",
                                                     "-D", replicaData, "-R", "-X", "stream", "--checkpoint=fast"])
            try await clusters.run("pg_ctl", ["-D", replicaData, "-l", clusters.replica.appendingPathComponent("log").path, "-w", "-t", "60",
                                              "-o", clusters.options(clusters.replica, port: clusters.replicaPort), "start"])
            return clusters
        }

        func query(replica onReplica: Bool, _ sql: String) async throws -> String {
            try await run("psql", ["-h", (onReplica ? replica : primary).path, "-p", "\(onReplica ? replicaPort : primaryPort)",
                                   "-U", "postgres", "-d", "failover", "-Atc", sql]).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func stop() async {
            for directory in [primary, replica] {
                _ = try? await run("pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
            }
            try? FileManager.default.removeItem(at: primary.deletingLastPathComponent())
        }
    }

    /// A write: a new tenant (a mutating call through the pool, with its audit row).
    static func createTenant(_ daemon: TestDaemon, _ slug: String) async throws {
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": .string(slug), "name": .string("Tenant \(slug)")])
    }

    @Test func writesResumeThroughTheSameDaemonAfterPromotion() async throws {
        let clusters = try await Clusters.start()
        do {
            try await failover(clusters)
        } catch {
            await clusters.stop()
            throw error
        }
        await clusters.stop()
    }

    private func failover(_ clusters: Clusters) async throws {
        // Under systemd a daemon that stops pinging the watchdog is killed and restarted: the
        // outage must not stop the pings.
        let notify = try NotifySocket()
        let daemon = try await TestDaemon.start(database: try PGConninfo(clusters.conninfo),
                                                environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "2000000"])
        try await Self.createTenant(daemon, "before-failover")
        _ = try await daemon.call("io.trainingd.System.Grant", ["tenant": "before-failover", "uid": 4242, "role": "viewer"])
        // The replica has replayed everything written before the primary goes: a fast shutdown
        // does not wait for the standby, so the test waits for the primary's WAL position.
        let written = try await clusters.query(replica: false, "SELECT pg_current_wal_lsn()")
        let deadline = ContinuousClock.now + .seconds(60)
        while try await clusters.query(replica: true, "SELECT pg_last_wal_replay_lsn() >= '\(written)'::pg_lsn") != "t",
              ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await clusters.query(replica: true, "SELECT count(*) FROM principal WHERE uid = 4242") == "1", "replicated before the stop")

        try await clusters.run("pg_ctl", ["-D", clusters.primary.appendingPathComponent("data").path, "-m", "fast", "-w", "stop"])
        _ = await notify.waitFor("(drain what came before the outage)", timeout: .milliseconds(200))
        // No writable server: calls are refused with DatabaseUnavailable, and the daemon lives on.
        do {
            try await Self.createTenant(daemon, "during-outage")
            Issue.record("a write succeeded with no writable server")
        } catch let error as VarlinkError {
            #expect(error.name == "io.trainingd.System.DatabaseUnavailable", "\(error)")
        }
        do {
            _ = try await daemon.call("io.trainingd.Events.ListEvents", ["tenant": "before-failover"])
            Issue.record("a read succeeded with no writable server (target_session_attrs=read-write)")
        } catch let error as VarlinkError {
            #expect(error.name == "io.trainingd.System.DatabaseUnavailable", "\(error)")
        }
        let status = try await daemon.call("io.trainingd.System.Status")
        #expect(status["database_reachable"] == .bool(false), "\(status)")
        #expect(await notify.waitFor("WATCHDOG=1", timeout: .seconds(10)) != nil, "the watchdog is pinged during the outage")

        try await clusters.run("pg_ctl", ["-D", clusters.replica.appendingPathComponent("data").path, "-w", "-t", "60", "promote"])
        let promoted = ContinuousClock.now
        var errors: [String] = []
        var resumed = false
        while !resumed, ContinuousClock.now < promoted + .seconds(90) {
            do {
                try await Self.createTenant(daemon, "after-failover")
                resumed = true
            } catch let error as VarlinkError {
                errors.append(error.name)
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let recovery = ContinuousClock.now - promoted
        #expect(resumed, "writes resumed after promotion; errors meanwhile: \(Set(errors))\nlog:\n\(daemon.log.suffix(3000))")
        #expect(Set(errors).isSubset(of: ["io.trainingd.System.DatabaseUnavailable"]), "only DatabaseUnavailable meanwhile: \(Set(errors))")
        print("failover: writes resumed \(recovery) after promotion, \(errors.count) calls refused meanwhile")

        // Same process, and the data from before the failover is there, on the new primary.
        #expect(daemon.process.wait(timeout: .zero) == nil, "the daemon did not exit")
        let tenants = try await daemon.call("io.trainingd.System.ListTenants")["tenants"]?.arrayValue?.compactMap { $0["slug"]?.stringValue } ?? []
        #expect(Set(tenants) == ["before-failover", "after-failover"])
        #expect(try await clusters.query(replica: true, "SELECT count(*) FROM principal WHERE uid = 4242") == "1")
        #expect(try await daemon.call("io.trainingd.System.Status")["database_reachable"] == .bool(true))
        #expect(await daemon.terminate() == 0)
    }
}
