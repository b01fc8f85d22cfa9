import Foundation

/// Rules for free text entered by people: names, titles, settlements.
public enum TextField {
    /// Trims, NFC-normalises and checks length and characters. Control characters are refused
    /// because they corrupt CSV exports and terminal tables.
    public static func clean(_ text: String, field: String, maxLength: Int, allowEmpty: Bool = false) throws(ValidationError) -> String {
        let cleaned = text.nfc.trimmingWhitespace
        if cleaned.isEmpty && !allowEmpty { throw ValidationError(field: field, reason: "must not be empty") }
        if cleaned.count > maxLength {
            throw ValidationError(field: field, reason: "is \(cleaned.count) characters long; at most \(maxLength) allowed")
        }
        if cleaned.unicodeScalars.contains(where: \.isControlCharacter) {
            throw ValidationError(field: field, reason: "must not contain control characters")
        }
        return cleaned
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
