import TestSupport
import Varlink

/// The io.trainingd.* methods a running daemon serves, discovered through
/// org.varlink.service so that a method added to an IDL is covered without editing a list.
struct ServedMethod: Sendable, CustomStringConvertible {
    let interface: VarlinkInterfaceDefinition
    let method: VarlinkMethodDefinition

    /// `io.trainingd.Events.GetEvent`.
    var qualifiedName: String { "\(interface.name).\(method.name)" }
    /// `Events.GetEvent`, as docs/protocol.md names it.
    var shortName: String { "\(interface.name.dropFirst(ServedMethod.prefix.count)).\(method.name)" }
    var description: String { qualifiedName }

    var takesTenant: Bool { method.input.contains { $0.name == "tenant" } }
    /// Streaming methods say so in their documentation and refuse calls without `more`.
    var requiresMore: Bool { method.documentation.contains("[Requires 'more' flag]") }

    static let prefix = "io.trainingd."

    /// Every method of every `io.trainingd.*` interface in the daemon's GetInfo.
    static func discover(_ daemon: TestDaemon) async throws -> [ServedMethod] {
        let info = try await daemon.call("org.varlink.service.GetInfo")
        let names = (info["interfaces"]?.arrayValue ?? []).compactMap(\.stringValue).filter { $0.hasPrefix(prefix) }
        var methods: [ServedMethod] = []
        for name in names {
            let reply = try await daemon.call("org.varlink.service.GetInterfaceDescription", ["interface": .string(name)])
            let interface = try VarlinkIDLParser.parse(reply["description"]?.stringValue ?? "")
            methods += interface.methods.map { ServedMethod(interface: interface, method: $0) }
        }
        return methods
    }
}
