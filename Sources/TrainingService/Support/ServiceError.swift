import Varlink

/// Every failure a trainingd method answers, each mapped to exactly one Varlink error of the
/// IDL (the common ones live in io.trainingd.System, see its header comment).
public enum ServiceError: Error, Sendable, Equatable, VarlinkErrorConvertible {
    case permissionDenied(method: String, tenant: String?, requiredRole: String?)
    case tenantRequired(tenants: [String])
    case tenantNotFound(String)
    case tenantExists(String)
    case principalNotFound(tenant: String, uid: UInt32)
    case invalidField(field: String, reason: String)
    case databaseUnavailable(reason: String)
    case internalError
    case shuttingDown
    /// An interface-specific error (`io.trainingd.Events.EventNotFound`, …) with its fields.
    case specific(name: String, parameters: JSONObject)

    public var varlinkErrorName: String {
        switch self {
        case .permissionDenied: "io.trainingd.System.PermissionDenied"
        case .tenantRequired: "io.trainingd.System.TenantRequired"
        case .tenantNotFound: "io.trainingd.System.TenantNotFound"
        case .tenantExists: "io.trainingd.System.TenantExists"
        case .principalNotFound: "io.trainingd.System.PrincipalNotFound"
        case .invalidField: "io.trainingd.System.InvalidField"
        case .databaseUnavailable: "io.trainingd.System.DatabaseUnavailable"
        case .internalError: "io.trainingd.System.InternalError"
        case .shuttingDown: "io.trainingd.System.ShuttingDown"
        case .specific(let name, _): name
        }
    }

    public var varlinkErrorParameters: JSONValue {
        switch self {
        case .permissionDenied(let method, let tenant, let role):
            var object: JSONObject = ["method": .string(method)]
            if let tenant { object["tenant"] = .string(tenant) }
            if let role { object["required_role"] = .string(role) }
            return .object(object)
        case .tenantRequired(let tenants): return ["tenants": .array(tenants.map(JSONValue.string))]
        case .tenantNotFound(let slug), .tenantExists(let slug): return ["tenant": .string(slug)]
        case .principalNotFound(let tenant, let uid): return ["tenant": .string(tenant), "uid": .int(Int64(uid))]
        case .invalidField(let field, let reason): return ["field": .string(field), "reason": .string(reason)]
        case .databaseUnavailable(let reason): return ["reason": .string(reason)]
        case .internalError, .shuttingDown: return .emptyObject
        case .specific(_, let parameters): return .object(parameters)
        }
    }
}
