/// A type expression of the Varlink IDL (reference §1.8).
///
/// `?T` is `.optional(T)`, `[]T` is `.array(T)`, `[string]T` is `.map(T)`, inline `(a: int)` is
/// `.struct`, inline `(one, two)` is `.enum`, a reference to `type Name (...)` is `.named("Name")`.
/// The string set `[string]()` is `.map(.struct([]))`.
public indirect enum VarlinkType: Sendable, Equatable {
    case bool
    case int
    case float
    case string
    /// Any JSON object (the IDL keyword `object`).
    case object
    case named(String)
    case `struct`([VarlinkField])
    case `enum`([String])
    case array(VarlinkType)
    case map(VarlinkType)
    case optional(VarlinkType)

    /// Whether `null`/absence is allowed.
    public var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }
}

extension VarlinkType: CustomStringConvertible {
    /// The IDL spelling (`?[]string`, `(a: int, b: ?Foo)`, `(x, y)`).
    public var description: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "string"
        case .object: return "object"
        case .named(let name): return name
        case .struct(let fields): return "(" + fields.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + ")"
        case .enum(let values): return "(" + values.joined(separator: ", ") + ")"
        case .array(let element): return "[]\(element)"
        case .map(let element): return "[string]\(element)"
        case .optional(let wrapped): return "?\(wrapped)"
        }
    }
}
