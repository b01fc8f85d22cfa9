import Varlink

/// Well-typed parameters for any method, built from its IDL: every required field gets the
/// simplest value of its type, optional ones are left out.
///
/// The daemon checks types before tenant and role (docs/protocol.md §2, "Order of checks"),
/// so a call must be well-typed to reach the role check at all; whether the values make sense
/// (an event "x" does not exist) is decided after it, which is all the access matrix needs.
struct AccessExampleParameters {
    let interface: VarlinkInterfaceDefinition
    /// Values for fields by name, wherever they occur (e.g. `uid`).
    var overrides: [String: JSONValue] = [:]

    func parameters(for method: VarlinkMethodDefinition, tenant: String?) -> JSONValue {
        var object = fields(method.input)
        if let tenant, method.input.contains(where: { $0.name == "tenant" }) { object["tenant"] = .string(tenant) }
        return .object(object)
    }

    private func fields(_ fields: [VarlinkField]) -> JSONObject {
        var object = JSONObject()
        for field in fields where !field.type.isOptional {
            object[field.name] = overrides[field.name] ?? value(of: field.type)
        }
        return object
    }

    private func value(of type: VarlinkType) -> JSONValue {
        switch type {
        case .bool: .bool(false)
        case .int: .int(1)
        case .float: .double(0)
        case .string: .string("x")
        case .object, .map: .emptyObject
        case .named(let name): interface.type(named: name).map { value(of: $0.type) } ?? .emptyObject
        case .struct(let members): .object(fields(members))
        case .enum(let values): .string(values.first ?? "")
        case .array: .array([])
        case .optional: .null
        }
    }
}
