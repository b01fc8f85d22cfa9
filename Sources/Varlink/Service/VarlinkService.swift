import Logging

/// A Varlink service: identity (vendor/product/version/url, answered by `GetInfo`), the interfaces
/// it implements, and the routing of calls to their handlers.
///
/// A value type assembled at startup and then handed to ``VarlinkServer``. `org.varlink.service`
/// is built in. Routing answers, before any handler runs and in this order:
/// `InterfaceNotFound {interface}`, `MethodNotFound {method}` (fully qualified, systemd style),
/// `MethodNotImplemented {method}`, `ExpectedMore {}` (for methods registered with
/// `requiresMore`), `InvalidParameter {parameter}` (input checked against the IDL by
/// ``VarlinkParameterValidator``). A call with `upgrade: true` gets
/// `InvalidParameter {"parameter": "upgrade"}` (upgrades are not supported), a method name without
/// a dot `InvalidParameter {"parameter": "method"}`.
public struct VarlinkService: Sendable {
    public var vendor: String
    public var product: String
    public var version: String
    public var url: String
    /// The error name sent when a handler throws something that is not ``VarlinkErrorConvertible``
    /// (the details are only logged). Set it to an error declared in one of your interfaces.
    public var internalErrorName: String
    /// Maximum JSON nesting accepted in calls.
    public var maxJSONDepth: Int = JSONParser.defaultMaxDepth

    private(set) var interfaces: [String: VarlinkInterface] = [:]
    /// Registration order, for `GetInfo`.
    private(set) var interfaceOrder: [String] = []

    public init(
        vendor: String,
        product: String,
        version: String,
        url: String,
        internalErrorName: String = "org.varlink.server.InternalError"
    ) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
        self.internalErrorName = internalErrorName
    }

    /// Adds an interface; names must be unique and `org.varlink.service` is reserved.
    public mutating func add(_ interface: VarlinkInterface) throws(VarlinkRegistrationError) {
        guard interface.name != OrgVarlinkService.name else { throw .reservedInterface(interface.name) }
        guard interfaces[interface.name] == nil else { throw .duplicateInterface(interface.name) }
        interfaces[interface.name] = interface
        interfaceOrder.append(interface.name)
    }

    /// All interface names including `org.varlink.service`, as `GetInfo` lists them.
    public var interfaceNames: [String] { [OrgVarlinkService.name] + interfaceOrder }

    /// The verbatim IDL text of an interface, or `nil` if unknown.
    public func interfaceDescription(_ name: String) -> String? {
        name == OrgVarlinkService.name ? OrgVarlinkService.description : interfaces[name]?.description
    }

    // MARK: - Routing

    /// What to do with a decoded call.
    enum Route: Sendable {
        /// Answer at once (built-in method or routing error).
        case reply(VarlinkReplyMessage)
        /// Run this handler; `startsEarly`: it may start before the call ahead of it ends.
        case invoke(VarlinkMethodHandler, interface: String, method: String, startsEarly: Bool)
    }

    func route(_ call: VarlinkCallMessage) -> Route {
        if call.upgrade { return .reply(Self.errorReply(.invalidParameter("upgrade"))) }
        guard let (interfaceName, methodName) = VarlinkCallMessage.split(call.method) else {
            return .reply(Self.errorReply(.invalidParameter("method")))
        }
        let definition: VarlinkInterfaceDefinition
        let registered: VarlinkInterface?
        if interfaceName == OrgVarlinkService.name {
            definition = OrgVarlinkService.definition
            registered = nil
        } else if let interface = interfaces[interfaceName] {
            definition = interface.definition
            registered = interface
        } else {
            return .reply(Self.errorReply(.interfaceNotFound(interfaceName)))
        }
        guard let method = definition.method(named: methodName) else {
            return .reply(Self.errorReply(.methodNotFound(call.method)))
        }
        let implementation = registered?.methods[methodName]
        if registered != nil && implementation == nil {
            return .reply(Self.errorReply(.methodNotImplemented(call.method)))
        }
        if let implementation, implementation.requiresMore, !call.more {
            return .reply(Self.errorReply(.expectedMore))
        }
        if let failure = VarlinkParameterValidator(interface: definition).validate(call.parameters, against: method.input) {
            return .reply(Self.errorReply(.invalidParameter(failure.path)))
        }
        if let implementation {
            return .invoke(implementation.handler, interface: interfaceName, method: methodName, startsEarly: implementation.startsEarly)
        }
        return .reply(builtIn(methodName, call.parameters))
    }

    private func builtIn(_ method: String, _ parameters: JSONObject) -> VarlinkReplyMessage {
        switch method {
        case "GetInfo":
            return VarlinkReplyMessage(parameters: [
                "vendor": .string(vendor),
                "product": .string(product),
                "version": .string(version),
                "url": .string(url),
                "interfaces": .array(interfaceNames.map(JSONValue.string)),
            ])
        case "GetInterfaceDescription":
            let name = parameters["interface"]?.stringValue ?? ""
            guard let text = interfaceDescription(name) else {
                return Self.errorReply(.interfaceNotFound(name))
            }
            return VarlinkReplyMessage(parameters: ["description": .string(text)])
        default:
            return Self.errorReply(.methodNotImplemented("\(OrgVarlinkService.name).\(method)"))
        }
    }

    static func errorReply(_ error: VarlinkError) -> VarlinkReplyMessage {
        VarlinkReplyMessage(parameters: error.parameters, error: error.name)
    }

    /// The final reply for a handler's outcome. Non-Varlink errors are logged and hidden.
    func finalReply(for outcome: Result<JSONValue, any Error>, logger: Logger) -> VarlinkReplyMessage {
        switch outcome {
        case .success(.object(let parameters)):
            return VarlinkReplyMessage(parameters: parameters)
        case .success(.null):
            return VarlinkReplyMessage()
        case .success(let other):
            logger.error("Handler returned a non-object reply", metadata: ["varlink.reply.type": "\(other.typeName)"])
            return VarlinkReplyMessage(error: internalErrorName)
        case .failure(let error as any VarlinkErrorConvertible):
            switch error.varlinkErrorParameters {
            case .object(let parameters):
                return VarlinkReplyMessage(parameters: parameters, error: error.varlinkErrorName)
            case .null:
                return VarlinkReplyMessage(error: error.varlinkErrorName)
            case let other:
                logger.error(
                    "Error parameters are not an object",
                    metadata: ["varlink.error": "\(error.varlinkErrorName)", "varlink.reply.type": "\(other.typeName)"]
                )
                return VarlinkReplyMessage(error: error.varlinkErrorName)
            }
        case .failure(VarlinkCallStateError.connectionClosed):
            // The client left (or the server is closing) before the call could answer: nobody
            // will read this reply, and nothing failed.
            logger.debug("Call ended: connection closed")
            return VarlinkReplyMessage(error: internalErrorName)
        case .failure(let error):
            logger.error(
                "Handler failed with an internal error",
                metadata: ["error": "\(String(reflecting: error))", "error.type": "\(type(of: error))"]
            )
            return VarlinkReplyMessage(error: internalErrorName)
        }
    }
}
