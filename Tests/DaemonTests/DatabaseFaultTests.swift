import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

extension FaultSuites {
    /// The database goes away under load: calls fail promptly with DatabaseUnavailable (no other
    /// error, no hang), the daemon stays up, and it serves again by itself once the database is
    /// back. Recovery times are measured and printed, not asserted.
    @Suite("Database faults under load")
    struct DatabaseFaultTests {
        static let clients = 8
        /// No call may take longer: the conninfo's connect_timeout is 3 s.
        static let longestCall: Duration = .seconds(10)

        /// Stop (fast) for two seconds, start; then a plain `pg_ctl restart -m fast`; 8 clients throughout.
        @Test func postgresStopsAndRestartsUnderLoad() async throws {
            let cluster = try await DatabaseFaultCluster.start()
            do {
                try await stopAndRestart(cluster)
            } catch {
                await cluster.remove()
                throw error
            }
            await cluster.remove()
        }

        private func stopAndRestart(_ cluster: DatabaseFaultCluster) async throws {
            let daemon = try await TestDaemon.start(database: try PGConninfo(cluster.conninfo))
            _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi", "name": "Development Policy Institute"])
            let load = DatabaseFaultLoad(daemon: daemon)
            let running = Task { await load.run(clients: Self.clients) }
            try await Task.sleep(for: .seconds(1))

            let down = ContinuousClock.now
            try await cluster.pgctl("stop -m fast")
            let stopped = ContinuousClock.now
            try await Task.sleep(for: .seconds(2))
            let status = try await daemon.call("io.trainingd.System.Status")
            #expect(status["database_reachable"] == false, "\(status)")
            let starting = ContinuousClock.now
            try await cluster.pgctl("start")
            let up = ContinuousClock.now
            let afterStart = try await Self.recovery(load, since: up)

            let restarting = ContinuousClock.now
            try await cluster.pgctl("restart -m fast")
            let restarted = ContinuousClock.now
            let afterRestart = try await Self.recovery(load, since: restarted)
            try await Task.sleep(for: .seconds(1))
            load.stop()
            await running.value

            let records = load.all
            let duringOutage = records.filter { $0.at > stopped && $0.at + $0.duration < starting }
            #expect(duringOutage.count >= Self.clients, "calls during the outage: \(duringOutage.count)")
            #expect(duringOutage.allSatisfy { $0.error == "io.trainingd.System.DatabaseUnavailable" },
                    "during the outage: \(Set(duringOutage.map { $0.error ?? "success" }))")
            try Self.checkEveryOutcome(records)
            try await Self.checkAcknowledgedWrites(records) { try await cluster.query("SELECT full_name FROM person") }
            #expect(daemon.process.wait(timeout: .zero) == nil)
            print("""
                database faults: \(records.count) calls, \(records.filter { $0.error != nil }.count) refused with DatabaseUnavailable; \
                outage \(up - down); serving again \(afterStart) after start, \(afterRestart) after a fast restart \
                (restart took \(restarted - restarting)); longest call \(records.map(\.duration).max() ?? .zero)
                """)
            #expect(await daemon.terminate() == 0)
        }

        /// pg_terminate_backend of every connection of the daemon, five times, under load.
        @Test func terminatedBackendsUnderLoad() async throws {
            let conninfo = try TestPostgres.createDatabase(prefix: "terminate")
            let daemon = try await TestDaemon.start(database: conninfo)
            _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi", "name": "Development Policy Institute"])
            let admin = try TestPostgres.connect(conninfo)
            let load = DatabaseFaultLoad(daemon: daemon)
            let running = Task { await load.run(clients: Self.clients) }
            try await Task.sleep(for: .seconds(1))

            var terminated = 0
            var recoveries: [Duration] = []
            for _ in 0..<5 {
                let at = ContinuousClock.now
                terminated += try admin.query("""
                    SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                    """)[0].decode("n", as: Int.self)
                recoveries.append(try await Self.recovery(load, since: at))
                try await Task.sleep(for: .milliseconds(500))
            }
            load.stop()
            await running.value

            let records = load.all
            #expect(terminated >= 5, "backends terminated: \(terminated)")
            try Self.checkEveryOutcome(records)
            try await Self.checkAcknowledgedWrites(records) {
                try admin.query("SELECT full_name FROM person").rows.map { try $0.decode("full_name", as: String.self) }.joined(separator: "\n")
            }
            #expect(daemon.process.wait(timeout: .zero) == nil)
            print("""
                database faults: \(terminated) backends terminated in 5 rounds; \(records.count) calls, \
                \(records.filter { $0.error != nil }.count) refused; serving again after \(recoveries.map { "\($0)" }.joined(separator: ", "))
                """)
            #expect(await daemon.terminate() == 0)
        }

        /// Time from `since` until a call that started after it succeeded (polling, 30 s deadline).
        static func recovery(_ load: DatabaseFaultLoad, since: ContinuousClock.Instant) async throws -> Duration {
            let deadline = since + .seconds(30)
            while ContinuousClock.now < deadline {
                if let first = load.all.filter({ $0.at >= since && $0.error == nil }).map({ $0.at + $0.duration }).min() {
                    return first - since
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            Issue.record("the daemon did not serve again within 30 s")
            return .seconds(30)
        }

        /// Every call either succeeded or was refused with DatabaseUnavailable, promptly.
        static func checkEveryOutcome(_ records: [DatabaseFaultLoad.Record]) throws {
            let errors = Set(records.compactMap(\.error))
            #expect(errors.isSubset(of: ["io.trainingd.System.DatabaseUnavailable"]), "errors: \(errors)")
            #expect(records.filter { $0.error == nil }.count >= 4 * clients, "successful calls: \(records.filter { $0.error == nil }.count)")
            let longest = records.map(\.duration).max() ?? .zero
            #expect(longest < longestCall, "longest call: \(longest)")
        }

        /// Every acknowledged AddPerson is stored; nothing stored that was not attempted.
        static func checkAcknowledgedWrites(_ records: [DatabaseFaultLoad.Record], stored: () async throws -> String) async throws {
            let names = Set(try await stored().split(separator: "\n").map(String.init))
            let acknowledged = Set(records.filter { $0.error == nil }.compactMap(\.name))
            let attempted = Set(records.compactMap(\.name))
            #expect(acknowledged.isSubset(of: names), "acknowledged but lost: \(acknowledged.subtracting(names).sorted().prefix(10))")
            #expect(names.isSubset(of: attempted), "stored but never attempted: \(names.subtracting(attempted).sorted().prefix(10))")
            #expect(acknowledged.count >= clients)
        }
    }
}
