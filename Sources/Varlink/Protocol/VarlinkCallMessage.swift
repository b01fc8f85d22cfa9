/// A decoded Varlink call: `{"method": ..., "parameters": ..., "oneway": ..., "more": ..., "upgrade": ...}`.
///
/// Decoding is as strict as systemd's sd-varlink (reference §1.5): unknown top-level keys, keys of
/// the wrong JSON type, a missing `method`, or `oneway` together with `more` are protocol errors
/// (the server answers once and closes). `parameters` may be absent or `null`, both meaning `{}`.
public struct VarlinkCallMessage: Sendable, Equatable {
    /// Fully qualified method name, e.g. `org.example.admin.Ping`.
    public var method: String
    /// Always an object (`{}` when the call had none).
    public var parameters: JSONObject
    public var oneway: Bool
    public var more: Bool
    public var upgrade: Bool

    public init(method: String, parameters: JSONObject = JSONObject(), oneway: Bool = false, more: Bool = false, upgrade: Bool = false) {
        self.method = method
        self.parameters = parameters
        self.oneway = oneway
        self.more = more
        self.upgrade = upgrade
    }

    /// Validates and decodes a parsed message.
    public init(json: JSONValue) throws(VarlinkProtocolViolation) {
        guard case .object(let object) = json else { throw VarlinkProtocolViolation("call is not a JSON object") }
        var method: String?
        var parameters = JSONObject()
        var oneway = false, more = false, upgrade = false
        for (key, value) in object {
            switch key {
            case "method":
                guard case .string(let name) = value else { throw VarlinkProtocolViolation("'method' is not a string") }
                method = name
            case "parameters":
                switch value {
                case .object(let params): parameters = params
                case .null: break
                default: throw VarlinkProtocolViolation("'parameters' is not an object")
                }
            case "oneway": oneway = try Self.flag(value, key)
            case "more": more = try Self.flag(value, key)
            case "upgrade": upgrade = try Self.flag(value, key)
            default:
                throw VarlinkProtocolViolation("unknown key '\(key)' in call")
            }
        }
        guard let method else { throw VarlinkProtocolViolation("call without 'method'") }
        guard !(oneway && more) else { throw VarlinkProtocolViolation("'oneway' and 'more' together") }
        self.init(method: method, parameters: parameters, oneway: oneway, more: more, upgrade: upgrade)
    }

    private static func flag(_ value: JSONValue, _ key: String) throws(VarlinkProtocolViolation) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .null: return false
        default: throw VarlinkProtocolViolation("'\(key)' is not a boolean")
        }
    }

    /// The interface part: everything before the last dot (`nil` if there is no dot or a side is empty).
    public var interfaceName: String? { Self.split(method)?.interface }

    /// The member part: everything after the last dot.
    public var methodName: String? { Self.split(method)?.member }

    /// Splits `iface.Member` at the last dot.
    public static func split(_ qualifiedName: String) -> (interface: String, member: String)? {
        guard let dot = qualifiedName.lastIndex(of: ".") else { return nil }
        let interface = String(qualifiedName[..<dot])
        let member = String(qualifiedName[qualifiedName.index(after: dot)...])
        guard !interface.isEmpty, !member.isEmpty else { return nil }
        return (interface, member)
    }

    /// The message as JSON (used by the client). Flags are written only when set.
    public var json: JSONValue {
        var object: JSONObject = ["method": .string(method)]
        object["parameters"] = .object(parameters)
        if oneway { object["oneway"] = true }
        if more { object["more"] = true }
        if upgrade { object["upgrade"] = true }
        return .object(object)
    }
}
