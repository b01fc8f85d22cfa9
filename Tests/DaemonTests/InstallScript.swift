import ChildProcess
import Foundation
import TestSupport

/// `scripts/install` run the way a packager runs it, on the binaries this test run built (a
/// release build would take minutes; the script installs whatever `--bin-path` holds).
enum InstallScript {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    /// Installs into DESTDIR `destdir` (nil: none) with PREFIX and SYSCONFDIR; fails with the
    /// script's output when it does not exit 0.
    static func run(destdir: String?, prefix: String, sysconfdir: String = "/etc") async throws {
        let bin = URL(fileURLWithPath: try TestDaemon.executable("trainingctl")).deletingLastPathComponent().path
        var environment = ProcessInfo.processInfo.environment
        environment["DESTDIR"] = destdir ?? ""
        environment["PREFIX"] = prefix
        environment["SYSCONFDIR"] = sysconfdir
        let result = try await ChildProcess.runDetached(
            repository.appendingPathComponent("scripts/install").path, ["--bin-path", bin], environment: environment)
        guard result.status == 0 else { throw TestSetupError("scripts/install exited \(result.status):\n\(result.output)") }
    }

    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
