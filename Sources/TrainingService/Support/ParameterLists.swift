import Varlink

/// Array-valued parameters, read after the IDL validator checked their element types (so a
/// mismatch here is a programming error, reported as InvalidParameter like in `Parameters`).
enum ParameterLists {
    /// `[]string` parameter; nil when absent or null.
    static func strings(_ call: VarlinkCall, _ name: String) throws -> [String]? {
        guard let value = call[name], !value.isNull else { return nil }
        guard let items = value.arrayValue else { throw VarlinkError.invalidParameter(name) }
        return try items.enumerated().map { index, item in
            guard let text = item.stringValue else { throw VarlinkError.invalidParameter("\(name)[\(index)]") }
            return text
        }
    }

    /// `[]T` parameter of objects; nil when absent or null.
    static func objects(_ call: VarlinkCall, _ name: String) throws -> [JSONObject]? {
        guard let value = call[name], !value.isNull else { return nil }
        guard let items = value.arrayValue else { throw VarlinkError.invalidParameter(name) }
        return try items.enumerated().map { index, item in
            guard let object = item.objectValue else { throw VarlinkError.invalidParameter("\(name)[\(index)]") }
            return object
        }
    }

    /// `[]Enum` parameter mapped to a Swift enum; nil when absent or null.
    static func enums<E: RawRepresentable>(_ call: VarlinkCall, _ name: String, as type: E.Type) throws -> [E]? where E.RawValue == String {
        try strings(call, name)?.enumerated().map { index, text in
            guard let value = E(rawValue: text) else { throw VarlinkError.invalidParameter("\(name)[\(index)]") }
            return value
        }
    }
}
