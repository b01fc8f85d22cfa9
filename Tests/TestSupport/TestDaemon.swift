import ChildProcess
import Foundation
import Postgres
import Varlink

/// A real `trainingd` process started from the build products, talking over a real socket.
public final class TestDaemon: Sendable {
    public let process: ChildProcess
    public let socketPath: String
    public let stateDirectory: String
    public let logFile: String

    /// Where `swift build` put the executables (next to the test bundle).
    public static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    public static func executable(_ name: String) throws -> String {
        let candidates = [productsDirectory.appendingPathComponent(name).path,
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/\(name)").standardized.path]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestSetupError("\(name) not built (looked in \(candidates.joined(separator: ", "))); run scripts/test")
        }
        return found
    }

    /// Starts the daemon and waits until it listens. `database` nil means its private cluster;
    /// `arguments` are extra flags.
    public static func start(database: PGConninfo?, arguments: [String] = [], environment: [String: String] = [:],
                             waitForSocket: Bool = true) async throws -> TestDaemon {
        let daemon = try TestDaemon(database: database, arguments: arguments, environment: environment)
        if waitForSocket { try await daemon.waitForSocket() }
        return daemon
    }

    private init(database: PGConninfo?, arguments: [String], environment: [String: String]) throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("trainingd-it-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        stateDirectory = state.path
        socketPath = state.appendingPathComponent("io.trainingd").path
        logFile = state.appendingPathComponent("trainingd.log").path
        var args = ["--state-dir", stateDirectory, "--socket", socketPath, "--log-level", "debug"]
        if let database { args += ["--database", database.rawValue] }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TRAININGD_") }
        env.merge(environment) { $1 }
        process = try ChildProcess.start(try Self.executable("trainingd"), args + arguments, environment: env, outputFile: logFile)
    }

    public func waitForSocket(timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if FileManager.default.fileExists(atPath: socketPath) { return }
            if let status = process.wait(timeout: .zero) {
                throw TestSetupError("trainingd exited with \(status) before listening:\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("trainingd did not listen within \(timeout):\n\(log)")
    }

    public var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    public func connect() async throws -> VarlinkClient {
        try await VarlinkClient.connect(unixSocketPath: socketPath)
    }

    /// One call on a fresh connection.
    public func call(_ method: String, _ parameters: JSONValue = .emptyObject) async throws -> JSONValue {
        let client = try await connect()
        defer { Task { await client.close() } }
        return try await client.call(method, parameters)
    }

    /// SIGTERM, then the exit status (nil if it did not exit within `timeout`).
    public func terminate(timeout: Duration = .seconds(60)) async -> Int32? {
        process.signal(SIGTERM)
        return await process.exitStatus(timeout: timeout)
    }

    deinit {
        if process.wait(timeout: .zero) == nil {
            process.signal(SIGKILL)
            process.wait()
        }
    }
}
