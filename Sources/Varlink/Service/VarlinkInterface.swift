/// The async function implementing one method: receives the call, returns the final reply's
/// parameters (an object, or `.null` for `{}`), or throws (a ``VarlinkErrorConvertible`` becomes
/// that error reply; anything else becomes the service's internal error).
public typealias VarlinkMethodHandler = @Sendable (VarlinkCall) async throws -> JSONValue

/// One interface a service offers: its IDL text (served verbatim), the parsed definition, and the
/// handlers registered for its methods.
///
/// Methods declared in the IDL but never given a handler answer `MethodNotImplemented`.
public struct VarlinkInterface: Sendable {
    /// The exact text given at creation, served by `GetInterfaceDescription`.
    public let description: String
    public let definition: VarlinkInterfaceDefinition
    public var name: String { definition.name }

    struct Method: Sendable {
        var requiresMore: Bool
        var startsEarly: Bool
        var handler: VarlinkMethodHandler
    }
    private(set) var methods: [String: Method] = [:]

    /// Parses the description; throws if it is not valid IDL.
    public init(description: String) throws(VarlinkIDLError) {
        self.description = description
        self.definition = try VarlinkIDLParser.parse(description)
    }

    /// Registers the handler of `method` (the bare name, e.g. `Ping`), which must be declared in
    /// the IDL. With `requiresMore`, calls without `more: true` get `org.varlink.service.ExpectedMore`.
    ///
    /// With `startsEarly`, a call pipelined behind another on the same connection starts while
    /// that one still runs, so its preparation (decoding, validating large parameters) overlaps
    /// the call before it; the handler must `await call.waitForTurn()` before it reads or
    /// changes anything the earlier call could change. Replies stay in call order.
    public mutating func implement(
        _ method: String,
        requiresMore: Bool = false,
        startsEarly: Bool = false,
        _ handler: @escaping VarlinkMethodHandler
    ) throws(VarlinkRegistrationError) {
        guard definition.method(named: method) != nil else {
            throw .methodNotDeclared(interface: name, method: method)
        }
        methods[method] = Method(requiresMore: requiresMore, startsEarly: startsEarly, handler: handler)
    }
}
