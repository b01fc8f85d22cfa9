import Varlink

/// How a reply value reads in a table cell or a `key  value` line.
extension JSONValue {
    /// Strings as they are, booleans as yes/no, null as "-", numbers in decimal, and arrays or
    /// objects (which human output rarely shows) as compact JSON.
    var displayText: String {
        switch self {
        case .null: return "-"
        case .bool(let flag): return flag ? "yes" : "no"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return text
        case .array, .object: return jsonString
        }
    }
}

extension Optional where Wrapped == JSONValue {
    /// ``JSONValue/displayText``, or "-" for an absent field.
    var displayText: String { self?.displayText ?? "-" }
}
