/// A concrete Varlink error: a qualified name plus parameters.
///
/// Thrown by handlers (it is ``VarlinkErrorConvertible``) and by ``VarlinkClient`` when the server
/// answers with an error. Factory methods cover the standard `org.varlink.service` errors.
public struct VarlinkError: VarlinkErrorConvertible, Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var parameters: JSONObject

    public init(_ name: String, parameters: JSONObject = JSONObject()) {
        self.name = name
        self.parameters = parameters
    }

    public var varlinkErrorName: String { name }
    public var varlinkErrorParameters: JSONValue { .object(parameters) }

    public var description: String {
        parameters.isEmpty ? name : "\(name) \(JSONValue.object(parameters).jsonString)"
    }
}

extension VarlinkError {
    public static let serviceInterface = "org.varlink.service"

    public static func interfaceNotFound(_ interface: String) -> VarlinkError {
        VarlinkError("org.varlink.service.InterfaceNotFound", parameters: ["interface": .string(interface)])
    }

    /// `method` is fully qualified (systemd style).
    public static func methodNotFound(_ method: String) -> VarlinkError {
        VarlinkError("org.varlink.service.MethodNotFound", parameters: ["method": .string(method)])
    }

    public static func methodNotImplemented(_ method: String) -> VarlinkError {
        VarlinkError("org.varlink.service.MethodNotImplemented", parameters: ["method": .string(method)])
    }

    /// `parameter` is a path as produced by ``VarlinkParameterValidator`` (`field`, `a.b`, `list[3].c`).
    public static func invalidParameter(_ parameter: String) -> VarlinkError {
        VarlinkError("org.varlink.service.InvalidParameter", parameters: ["parameter": .string(parameter)])
    }

    public static var permissionDenied: VarlinkError { VarlinkError("org.varlink.service.PermissionDenied") }

    public static var expectedMore: VarlinkError { VarlinkError("org.varlink.service.ExpectedMore") }
}
