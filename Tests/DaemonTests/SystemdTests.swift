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

    /// The units as installed: into a real prefix (not a DESTDIR), so that `ExecStart=` and the
    /// `man:` documentation resolve, as systemd-analyze checks both.
    @Test func installedUnitsPassSystemdAnalyzeVerify() async throws {
        let analyze = "/usr/bin/systemd-analyze"
        try #require(FileManager.default.isExecutableFile(atPath: analyze), "systemd-analyze is installed with systemd")
        let prefix = try InstallScript.temporaryDirectory("units")
        defer { try? FileManager.default.removeItem(at: prefix) }
        try await InstallScript.run(destdir: nil, prefix: prefix.appendingPathComponent("usr").path,
                                    sysconfdir: prefix.appendingPathComponent("etc").path)
        let units = prefix.appendingPathComponent("usr/lib/systemd/system")
        var environment = ProcessInfo.processInfo.environment
        environment["MANPATH"] = prefix.appendingPathComponent("usr/share/man").path + ":"
        environment["SYSTEMD_LOG_LEVEL"] = "notice"
        let verify = try await ChildProcess.runDetached(analyze, [
            "verify", units.appendingPathComponent("trainingd.service").path, units.appendingPathComponent("trainingd.socket").path,
        ], environment: environment)
        #expect(verify.status == 0, "systemd-analyze verify:\n\(verify.output)")
        #expect(!verify.output.contains("trainingd"), "no complaint about our units:\n\(verify.output)")

        // The hardening is real: systemd's own exposure score (0 safest, 10 unprotected).
        let security = try await ChildProcess.runDetached(analyze, [
            "security", "--offline=yes", "--no-pager", units.appendingPathComponent("trainingd.service").path,
        ], environment: environment)
        let score = security.output.split(separator: "\n").last { $0.contains("Overall exposure level") }
            .flatMap { line in line.split(separator: " ").compactMap { Double($0) }.first }
        #expect(score != nil && score! < 2.5, "exposure level below 2.5 (OK):\n\(security.output.suffix(300))")
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
