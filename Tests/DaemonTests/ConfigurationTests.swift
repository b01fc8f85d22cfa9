import ChildProcess
import Foundation
import TestSupport
import Testing
import Varlink

@Suite("Configuration: file, environment, flags, SIGHUP")
struct ConfigurationTests {
    @Test func badValuesAreRefusedNamingTheKey() async throws {
        let trainingd = try TestDaemon.executable("trainingd")
        let badFlag = try await ChildProcess.runDetached(trainingd, ["check-config", "--pool-size", "lots"])
        #expect(badFlag.status == 78)
        #expect(badFlag.output.contains("pool_size"))
        #expect(badFlag.output.contains("lots"))

        let badEnv = try await ChildProcess.runDetached(trainingd, ["check-config"], environment: ["TRAININGD_SOCKET_MODE": "rw-rw----"])
        #expect(badEnv.status == 78)
        #expect(badEnv.output.contains("socket_mode"))
        #expect(badEnv.output.contains("TRAININGD_SOCKET_MODE"))

        let badDatabase = try await ChildProcess.runDetached(trainingd, ["check-config", "--database", "host=/tmp nosuchkey=1"])
        #expect(badDatabase.status == 78)
        #expect(badDatabase.output.contains("database"))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        try #"{"max_connections": 0}"#.write(to: file, atomically: true, encoding: .utf8)
        let badFile = try await ChildProcess.runDetached(trainingd, ["check-config", "--config", file.path])
        #expect(badFile.status == 78)
        #expect(badFile.output.contains("max_connections"))

        try "{ not json".write(to: file, atomically: true, encoding: .utf8)
        let notJSON = try await ChildProcess.runDetached(trainingd, ["check-config", "--config", file.path])
        #expect(notJSON.status == 78)
        #expect(notJSON.output.contains("config"))
    }

    @Test func precedenceIsFlagsThenEnvironmentThenFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json")
        try #"{"pool_size": 3, "max_connections": 40, "log_level": "debug", "database": "host=/var/run/postgresql password=secret dbname=x"}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let run = try await ChildProcess.runDetached(try TestDaemon.executable("trainingd"), ["check-config", "--config", file.path, "--pool-size", "5"],
                                       environment: ["TRAININGD_MAX_CONNECTIONS": "50"])
        #expect(run.status == 0, "\(run.output)")
        let lines = Dictionary(uniqueKeysWithValues: run.output.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        })
        #expect(lines["pool_size"] == "5")
        #expect(lines["max_connections"] == "50")
        #expect(lines["log_level"] == "debug")
        #expect(lines["database"]?.contains("dbname=x") == true)
        #expect(!run.output.contains("secret"), "the password is never printed")
    }

    @Test func environmentStyleFileWithComments() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("trainingd-\(UUID().uuidString).conf")
        try """
            # comments and blank lines are fine

            TRAININGD_POOL_SIZE=6
            TRAININGD_LOG_LEVEL=warning
            TRAININGD_SOCKET_MODE=0640
            """.write(to: file, atomically: true, encoding: .utf8)
        let run = try await ChildProcess.runDetached(try TestDaemon.executable("trainingd"), ["check-config", "--config", file.path],
                                                     environment: ["TRAININGD_LOG_LEVEL": "error"])
        #expect(run.status == 0, "\(run.output)")
        #expect(Self.row(run.output, "pool_size") == "6")
        #expect(Self.row(run.output, "socket_mode") == "640")
        #expect(Self.row(run.output, "log_level") == "error", "the environment wins over the file")

        try "TRAININGD_MAX_IMPORT_ROWS=lots\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try await ChildProcess.runDetached(try TestDaemon.executable("trainingd"), ["check-config", "--config", file.path])
        #expect(bad.status == 78)
        #expect(bad.output.contains("max_import_rows"))
    }

    @Test func shippedExampleConfigurationIsValid() async throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../deploy/trainingd.conf").standardized.path
        let run = try await ChildProcess.runDetached(try TestDaemon.executable("trainingd"), ["check-config", "--config", example])
        #expect(run.status == 0, "\(run.output)")
        #expect(Self.row(run.output, "pool_size") == "8")
        // Every key the daemon understands is documented in the example.
        let text = try String(contentsOfFile: example, encoding: .utf8)
        for key in ["DATABASE", "SOCKET", "SOCKET_MODE", "SOCKET_GROUP", "STATE_DIR", "POOL_SIZE", "LOG_LEVEL", "MAX_MESSAGE_BYTES",
                    "MAX_CONNECTIONS", "IDLE_TIMEOUT_SECONDS", "READ_TIMEOUT_SECONDS", "MAX_IMPORT_ROWS", "REPORT_REFRESH_SECONDS", "MIGRATIONS_DIR", "CLUSTER_USER"] {
            #expect(text.contains("TRAININGD_\(key)="), "TRAININGD_\(key) is documented")
        }
    }

    @Test func sighupReloadsLimits() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString).json")
        try #"{"max_connections": 40, "max_import_rows": 500}"#.write(to: file, atomically: true, encoding: .utf8)
        let daemon = try await TestDaemon.start(database: try TestPostgres.createDatabase(prefix: "reload"), arguments: ["--config", file.path])
        let before = try await daemon.call("io.trainingd.System.Status")
        #expect(before["limits"]?["max_connections"] == .int(40))
        #expect(before["limits"]?["max_import_rows"] == .int(500))

        try #"{"max_connections": 41, "max_import_rows": 600, "idle_timeout_seconds": 77}"#.write(to: file, atomically: true, encoding: .utf8)
        daemon.process.signal(SIGHUP)
        var after = before
        for _ in 0..<100 where after["limits"]?["max_connections"] != .int(41) {
            try await Task.sleep(for: .milliseconds(50))
            after = try await daemon.call("io.trainingd.System.Status")
        }
        #expect(after["limits"]?["max_connections"] == .int(41))
        #expect(after["limits"]?["max_import_rows"] == .int(600))
        #expect(after["limits"]?["idle_timeout_seconds"] == .int(77))

        // A broken file on reload keeps the running configuration.
        try #"{"max_connections": "many"}"#.write(to: file, atomically: true, encoding: .utf8)
        daemon.process.signal(SIGHUP)
        try await Task.sleep(for: .milliseconds(300))
        let kept = try await daemon.call("io.trainingd.System.Status")
        #expect(kept["limits"]?["max_connections"] == .int(41))
        #expect(daemon.log.contains("configuration reload failed"))
        #expect(await daemon.terminate() == 0)
    }

    @Test func connectionLimitIsEnforcedAndOthersGoOn() async throws {
        let daemon = try await TestDaemon.start(database: try TestPostgres.createDatabase(prefix: "limits"), arguments: ["--max-connections", "2"])
        let a = try await daemon.connect()
        let b = try await daemon.connect()
        _ = try await a.call("io.trainingd.System.WhoAmI")
        _ = try await b.call("io.trainingd.System.WhoAmI")
        let refused = await #expect(throws: VarlinkError.self) {
            _ = try await daemon.call("io.trainingd.System.WhoAmI")
        }
        #expect(refused?.name == "io.trainingd.System.TooManyConnections")
        #expect(refused?.parameters["limit"] == .int(2))
        #expect(try await a.call("io.trainingd.System.WhoAmI")["uid"] == .int(Int64(getuid())))
        await a.close()
        await b.close()
        #expect(await daemon.terminate() == 0)
    }

    /// The value check-config prints for `key` (its table pads keys to the longest one).
    static func row(_ output: String, _ key: String) -> String? {
        output.split(separator: "\n").lazy.map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            .first { $0.first.map(String.init) == key }.map { $0.dropFirst().joined(separator: " ") }
    }
}
