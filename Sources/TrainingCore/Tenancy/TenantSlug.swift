/// The short name a tenant is addressed by (`--tenant dpi-osh`): lower-case ASCII letters,
/// digits and hyphens, 2 to 63 characters, starting with a letter or digit. Kept ASCII so it
/// is safe in file names, URLs and shell commands.
public struct TenantSlug: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String, field: String = "slug") throws(ValidationError) {
        guard (2...63).contains(text.utf8.count) else {
            throw ValidationError(field: field, reason: "must be 2 to 63 characters long")
        }
        let allowed = text.utf8.allSatisfy { b in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
        }
        guard allowed, text.first != "-" else {
            throw ValidationError(field: field, reason: "must be lower-case letters a-z, digits and '-', not starting with '-'")
        }
        rawValue = text
    }

    public var description: String { rawValue }
}
