import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// systemd integration without systemd: socket activation through systemd-socket-activate and
/// the notification protocol through a socket the test binds itself.
@Suite("systemd integration")
struct SystemdTests {
    @Test func socketActivationAnswersTheFirstConnection() async throws {
        let activator = "/usr/bin/systemd-socket-activate"
        try #require(FileManager.default.isExecutableFile(atPath: activator), "systemd-socket-activate is installed with systemd")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("activate-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let socket = directory.appendingPathComponent("io.trainingd").path
        let log = directory.appendingPathComponent("trainingd.log").path
        let conninfo = try TestPostgres.createDatabase(prefix: "activate")
        // The activator listens first and starts trainingd on the first connection, handing it
        // the listening socket (LISTEN_FDS); --socket must then be ignored.
        let process = try ChildProcess.start(activator, [
            "-l", socket, "--fdname=varlink", try TestDaemon.executable("trainingd"),
            "--database", conninfo.rawValue, "--state-dir", directory.path, "--socket", directory.appendingPathComponent("unused").path,
        ], outputFile: log)
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: socket) { try await Task.sleep(for: .milliseconds(25)) }

        let client = try await VarlinkClient.connect(unixSocketPath: socket)
        let status = try await client.call("io.trainingd.System.Status")
        #expect(status["database_reachable"] == .bool(true), "log: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        #expect(status["schema_version"]?.intValue == status["expected_schema_version"]?.intValue)
        #expect(try await client.call("io.trainingd.System.WhoAmI")["is_system_admin"] == .bool(true))
        await client.close()
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("unused").path))

        process.signal(SIGTERM)
        #expect(await process.exitStatus(timeout: .seconds(30)) == 0)
        // The socket belongs to whoever activated trainingd: it is not removed.
        #expect(FileManager.default.fileExists(atPath: socket))
    }

    @Test func watchdogIsPingedWhenSystemdAsks() async throws {
        let notify = try NotifySocket()
        let daemon = try await TestDaemon.start(
            database: try TestPostgres.createDatabase(prefix: "watchdog"),
            environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"], waitForSocket: false)
        #expect(await notify.waitFor("READY=1", timeout: .seconds(60)) != nil, "log:\n\(daemon.log)")
        let pings = await notify.waitFor("WATCHDOG=1", timeout: .seconds(5))
        #expect(pings != nil)
        #expect(await notify.waitFor("WATCHDOG=1", timeout: .seconds(5)) != nil, "pinged repeatedly")
        #expect(await daemon.terminate() == 0)
        #expect(await notify.waitFor("STOPPING=1", timeout: .seconds(5)) != nil)
    }
}
