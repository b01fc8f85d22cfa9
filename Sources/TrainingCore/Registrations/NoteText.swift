import Foundation

/// Free text attached to a registration (Register.note, CancelRegistration.reason): at most
/// 2000 characters, newlines allowed (CRLF read as LF), no other control characters.
public enum NoteText {
    public static let maxLength = 2000

    /// The cleaned text, or nil when it is empty after trimming.
    public static func clean(_ text: String, field: String) throws(ValidationError) -> String? {
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = unified.split(separator: "\n", omittingEmptySubsequences: false)
        var cleaned: [String] = []
        for line in lines {
            cleaned.append(try TextField.clean(String(line), field: field, maxLength: maxLength, allowEmpty: true))
        }
        let joined = cleaned.joined(separator: "\n").trimmingWhitespace
        if joined.isEmpty { return nil }
        if joined.count > maxLength {
            throw ValidationError(field: field, reason: "is \(joined.count) characters long; at most \(maxLength) allowed")
        }
        return joined
    }
}
