import Logging
import Synchronization
import Testing
@testable import Varlink

/// Routing without sockets: what a call is answered with before any handler runs.
@Suite("Service routing")
struct VarlinkServiceTests {
    private func route(_ method: String, _ parameters: JSONObject = [:], more: Bool = false, upgrade: Bool = false) throws -> VarlinkReplyMessage? {
        let service = try TestInterface().service()
        switch service.route(VarlinkCallMessage(method: method, parameters: parameters, more: more, upgrade: upgrade)) {
        case .reply(let reply): return reply
        case .invoke: return nil
        }
    }

    @Test func builtInGetInfo() throws {
        let reply = try #require(try route("org.varlink.service.GetInfo"))
        #expect(reply.error == nil)
        #expect(reply.parameters["interfaces"] == ["org.varlink.service", "org.example.test"])
        #expect(reply.parameters["vendor"] == "Test Vendor")
    }

    @Test func routingErrors() throws {
        #expect(try route("org.example.nope.Ping")?.error == "org.varlink.service.InterfaceNotFound")
        #expect(try route("org.example.test.Nope") == VarlinkReplyMessage(parameters: ["method": "org.example.test.Nope"], error: "org.varlink.service.MethodNotFound"))
        #expect(try route("org.example.test.NotImplemented") == VarlinkReplyMessage(parameters: ["method": "org.example.test.NotImplemented"], error: "org.varlink.service.MethodNotImplemented"))
        #expect(try route("org.example.test.Count", ["n": 1]) == VarlinkReplyMessage(error: "org.varlink.service.ExpectedMore"))
        #expect(try route("org.example.test.Ping", ["pong": "x"]) == VarlinkReplyMessage(parameters: ["parameter": "pong"], error: "org.varlink.service.InvalidParameter"))
        #expect(try route("org.example.test.Ping", ["ping": "x"], upgrade: true)?.parameters["parameter"] == "upgrade")
        #expect(try route("Ping")?.parameters["parameter"] == "method")
        #expect(try route("org.varlink.service.GetInterfaceDescription")?.parameters["parameter"] == "interface")
    }

    @Test func handlersAreInvokedOnlyForValidCalls() throws {
        #expect(try route("org.example.test.Ping", ["ping": "x"]) == nil)
        #expect(try route("org.example.test.Count", ["n": 1], more: true) == nil)
    }

    @Test func registrationErrors() throws {
        var interface = try VarlinkInterface(description: TestInterface.idl)
        #expect(throws: VarlinkRegistrationError.methodNotDeclared(interface: "org.example.test", method: "Nope")) {
            try interface.implement("Nope") { _ in nil }
        }
        var service = VarlinkService(vendor: "v", product: "p", version: "1", url: "u")
        try service.add(interface)
        #expect(throws: VarlinkRegistrationError.duplicateInterface("org.example.test")) { try service.add(interface) }
        let builtIn = try VarlinkInterface(description: OrgVarlinkService.description)
        #expect(throws: VarlinkRegistrationError.reservedInterface("org.varlink.service")) { try service.add(builtIn) }
    }

    @Test func finalReplyMapping() throws {
        let service = try TestInterface().service()
        let logger = Logger(label: "test")
        #expect(service.finalReply(for: .success(nil), logger: logger) == VarlinkReplyMessage())
        #expect(service.finalReply(for: .success(["a": 1]), logger: logger) == VarlinkReplyMessage(parameters: ["a": 1]))
        #expect(service.finalReply(for: .success([1]), logger: logger).error == "org.example.test.Internal")
        #expect(service.finalReply(for: .failure(VarlinkError.permissionDenied), logger: logger) == VarlinkReplyMessage(error: "org.varlink.service.PermissionDenied"))
        #expect(service.finalReply(for: .failure(TestInterface.SomeInternalError()), logger: logger) == VarlinkReplyMessage(error: "org.example.test.Internal"))
    }

    /// A call dropped because its connection closed (an early call never given its turn) is
    /// routine: no error-level log line, unlike a handler's real failure.
    @Test func aCallEndedByItsConnectionClosingIsNoInternalError() throws {
        let service = try TestInterface().service()
        let levels = LevelRecorder.Levels()
        let logger = Logger(label: "test") { _ in LevelRecorder(levels: levels) }
        _ = service.finalReply(for: .failure(VarlinkCallStateError.connectionClosed), logger: logger)
        #expect(!levels.all.contains(.error))
        _ = service.finalReply(for: .failure(TestInterface.SomeInternalError()), logger: logger)
        #expect(levels.all.contains(.error))
    }
}

/// Records the level of every log line.
private struct LevelRecorder: LogHandler {
    final class Levels: Sendable {
        private let levels = Mutex<[Logger.Level]>([])
        var all: [Logger.Level] { levels.withLock { $0 } }
        func append(_ level: Logger.Level) { levels.withLock { $0.append(level) } }
    }

    let levels: Levels
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        levels.append(event.level)
    }
}
