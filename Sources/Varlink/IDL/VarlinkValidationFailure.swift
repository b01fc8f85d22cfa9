/// Where and why a value did not match its IDL type.
public struct VarlinkValidationFailure: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case unknownField
        case missingField
        case nullNotAllowed
        case wrongType(expected: String)
        case unknownEnumValue
    }

    /// e.g. `entries[3].day`; empty only when the top-level value itself is wrong.
    public var path: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .unknownField: return "\(path): unknown field"
        case .missingField: return "\(path): missing field"
        case .nullNotAllowed: return "\(path): null not allowed"
        case .wrongType(let expected): return "\(path): expected \(expected)"
        case .unknownEnumValue: return "\(path): unknown enum value"
        }
    }
}
