import Foundation
import UUIDText

/// The tenant-unique human code of an event, e.g. "OSH-2019-04-GULCHO" or "ОШ-2019/Гүлчө".
///
/// 1 to 64 characters (after NFC): letters of any script (with their combining marks), decimal
/// digits, and '-', '_', '.', '/'. Never uuid-shaped, so `event: string` parameters can take a
/// code or a uuid without ambiguity. sql/0009 enforces a slightly looser form of this rule.
public enum EventCode {
    public static let maxLength = 64

    public static func validate(_ text: String, field: String) throws(ValidationError) -> String {
        let code = text.precomposedStringWithCanonicalMapping
        guard !code.isEmpty else { throw ValidationError(field: field, reason: "must not be empty") }
        guard code.count <= maxLength else {
            throw ValidationError(field: field, reason: "is \(code.count) characters long; at most \(maxLength) allowed")
        }
        if let bad = code.unicodeScalars.first(where: { !isAllowed($0) }) {
            let shown = bad.properties.generalCategory == .control || bad.properties.isWhitespace
                ? "U+" + String(bad.value, radix: 16, uppercase: true) : String(bad)
            throw ValidationError(field: field, reason: "may contain only letters, digits, '-', '_', '.' and '/', not '\(shown)'")
        }
        guard UUID(text: code) == nil else {
            throw ValidationError(field: field, reason: "must not look like a uuid (a uuid names an event by its id)")
        }
        return code
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "-", "_", ".", "/": return true
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }
}
