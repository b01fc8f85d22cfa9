/// Checks JSON values against IDL types, so handlers only ever see well-typed input.
///
/// Rules: unknown fields are rejected; a missing field is fine only if its type is `?T` (which also
/// accepts `null`); `int` needs a JSON integer; `float` accepts integers and floats; an enum needs a
/// string naming one of its values; `object` accepts any object; `[]T`, `[string]T`, inline and named
/// structs are checked recursively.
///
/// The failure's ``VarlinkValidationFailure/path`` names the offending value: field names joined by
/// dots, array indices and map keys in brackets, e.g. `entries[3].day`, `labels[colour]`. For a
/// top-level field it is just the field name, as systemd and the Python reference server send it in
/// `org.varlink.service.InvalidParameter {"parameter": path}`.
public struct VarlinkParameterValidator: Sendable {
    public let interface: VarlinkInterfaceDefinition

    public init(interface: VarlinkInterfaceDefinition) {
        self.interface = interface
    }

    /// Validates `parameters` against a struct's fields (a method's input); `nil` means valid.
    public func validate(_ parameters: JSONObject, against fields: [VarlinkField]) -> VarlinkValidationFailure? {
        guard let failure = checkStruct(parameters, fields) else { return nil }
        return VarlinkValidationFailure(path: Self.render(failure.reversedPath), reason: failure.reason)
    }

    /// Validates one value against one type.
    public func validate(_ value: JSONValue, against type: VarlinkType) -> VarlinkValidationFailure? {
        guard let failure = check(value, type) else { return nil }
        return VarlinkValidationFailure(path: Self.render(failure.reversedPath), reason: failure.reason)
    }

    // MARK: - Internals

    /// Path components are appended while unwinding (innermost first), so success costs nothing.
    private enum Component {
        case field(String)
        case index(Int)
        case key(String)
    }

    private struct Failure {
        var reversedPath: [Component]
        var reason: VarlinkValidationFailure.Reason

        func within(_ component: Component) -> Failure {
            var copy = self
            copy.reversedPath.append(component)
            return copy
        }
    }

    private func checkStruct(_ object: JSONObject, _ fields: [VarlinkField]) -> Failure? {
        for (key, _) in object where !fields.contains(where: { $0.name == key }) {
            return Failure(reversedPath: [.field(key)], reason: .unknownField)
        }
        for field in fields {
            guard let value = object[field.name] else {
                if field.type.isOptional { continue }
                return Failure(reversedPath: [.field(field.name)], reason: .missingField)
            }
            if let failure = check(value, field.type) { return failure.within(.field(field.name)) }
        }
        return nil
    }

    private func check(_ value: JSONValue, _ type: VarlinkType) -> Failure? {
        switch (type, value) {
        case (.optional, .null):
            return nil
        case (.optional(let wrapped), _):
            return check(value, wrapped)
        case (_, .null):
            return Failure(reversedPath: [], reason: .nullNotAllowed)
        case (.bool, .bool), (.int, .int), (.float, .int), (.float, .double), (.string, .string), (.object, .object):
            return nil
        case (.named(let name), _):
            guard let definition = interface.type(named: name) else {
                return Failure(reversedPath: [], reason: .wrongType(expected: name))
            }
            return check(value, definition.type)
        case (.struct(let fields), .object(let object)):
            return checkStruct(object, fields)
        case (.enum(let values), .string(let text)):
            return values.contains(text) ? nil : Failure(reversedPath: [], reason: .unknownEnumValue)
        case (.array(let element), .array(let elements)):
            for (index, item) in elements.enumerated() {
                if let failure = check(item, element) { return failure.within(.index(index)) }
            }
            return nil
        case (.map(let element), .object(let object)):
            for (key, item) in object {
                if let failure = check(item, element) { return failure.within(.key(key)) }
            }
            return nil
        default:
            return Failure(reversedPath: [], reason: .wrongType(expected: Self.expectedName(type)))
        }
    }

    private static func expectedName(_ type: VarlinkType) -> String {
        switch type {
        case .struct, .map, .object: return "object"
        case .enum: return "string (enum)"
        case .array: return "array"
        default: return type.description
        }
    }

    private static func render(_ reversedPath: [Component]) -> String {
        var path = ""
        for component in reversedPath.reversed() {
            switch component {
            case .field(let name):
                if !path.isEmpty { path += "." }
                path += name
            case .index(let index): path += "[\(index)]"
            case .key(let key): path += "[\(key)]"
            }
        }
        return path
    }
}
