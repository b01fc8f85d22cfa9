#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
@testable import Varlink

/// A server on a socket in a fresh temporary directory, serving ``TestInterface``.
struct LiveServer {
    let directory: String
    let path: String
    let server: VarlinkServer
    let interface: TestInterface

    static let quietLogger = Logger(label: "varlink.test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func makeDirectory() throws -> String {
        var template = Array("/tmp/vlk-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard created else { throw TestFailure("mkdtemp failed") }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func start(
        limits: VarlinkServerLimits = VarlinkServerLimits(),
        address: ((String) throws -> VarlinkListenAddress)? = nil
    ) async throws -> LiveServer {
        let directory = try makeDirectory()
        let path = directory + "/org.example.test"
        let interface = TestInterface()
        let configuration = VarlinkServerConfiguration(
            limits: limits,
            errorNames: VarlinkServerErrorNames(
                messageTooLarge: "org.example.test.MessageTooLarge",
                tooManyConnections: "org.example.test.TooManyConnections",
                protocolError: "org.example.test.ProtocolError"
            )
        )
        let server = VarlinkServer(service: try interface.service(), configuration: configuration, logger: quietLogger)
        try await server.listen(on: try address?(path) ?? .unixPath(path))
        return LiveServer(directory: directory, path: path, server: server, interface: interface)
    }

    func client(_ configuration: VarlinkClientConfiguration = VarlinkClientConfiguration(callTimeout: .seconds(10))) async throws -> VarlinkClient {
        try await VarlinkClient.connect(unixSocketPath: path, configuration: configuration)
    }

    func stop() async {
        await server.shutdown(gracePeriod: .seconds(2))
        unlink(path)
        rmdir(directory)
    }
}

/// Runs `body` against a fresh server and always shuts it down.
func withLiveServer(
    limits: VarlinkServerLimits = VarlinkServerLimits(),
    _ body: (LiveServer) async throws -> Void
) async throws {
    let live = try await LiveServer.start(limits: limits)
    do {
        try await body(live)
    } catch {
        await live.stop()
        throw error
    }
    await live.stop()
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension VarlinkClient {
    /// Sends `text` followed by a NUL.
    func sendMessage(_ text: String) async throws {
        try await sendRaw(Array(text.utf8) + [0])
    }

    /// The next reply within `seconds`.
    func reply(within seconds: Int64 = 20) async throws -> VarlinkReplyMessage {
        try await nextReply(timeout: .seconds(seconds))
    }

    /// True when the server closes the connection without sending anything more.
    func closesWithoutReply(within seconds: Int64 = 20) async -> Bool {
        do {
            let reply = try await nextReply(timeout: .seconds(seconds))
            print("unexpected reply: \(reply)")
            return false
        } catch {
            if error as? VarlinkClientError != .connectionClosed { print("unexpected error: \(error)") }
            return error as? VarlinkClientError == .connectionClosed
        }
    }
}

/// Polls `condition` every 10 ms for up to `seconds`.
func eventually(within seconds: Double = 10, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
