import Foundation

/// A phone as entered plus its key, the digits that duplicate detection compares.
///
/// Kyrgyz numbers are written nationally ("0555 12-34-56") or internationally
/// ("+996 555 123456", "00996 555 123456"); both read as the key 996555123456, so the same
/// phone written either way is the same phone.
public struct PhoneNumber: Sendable, Equatable, Codable {
    /// As entered (trimmed, NFC), for display.
    public var entered: String
    /// Digits only, national Kyrgyz form expanded to 996…
    public var key: String

    /// Validates a phone: 5 to 30 characters, only digits, spaces, '+', '-', '(', ')', and at
    /// least 5 digits.
    public init(_ text: String, field: String) throws(ValidationError) {
        let trimmed = text.nfc.trimmingWhitespace
        let length = trimmed.count
        guard (5...30).contains(length) else {
            throw ValidationError(field: field, reason: "is \(length) characters long; a phone has 5 to 30")
        }
        let allowed: Set<Character> = [" ", "+", "-", "(", ")"]
        if let bad = trimmed.first(where: { !($0.isASCII && $0.isNumber) && !allowed.contains($0) }) {
            throw ValidationError(field: field, reason: "may contain only digits, spaces, '+', '-', '(' and ')', not '\(bad)'")
        }
        // Every character is now an ASCII digit or one of `allowed`: count the digit bytes.
        guard trimmed.utf8.lazy.filter({ (0x30...0x39).contains($0) }).count >= 5 else {
            throw ValidationError(field: field, reason: "must contain at least 5 digits")
        }
        entered = trimmed
        key = Self.key(trimmed)
    }

    /// The key of any text: its ASCII digits, with "00" + country code read as the country
    /// code and a 10-digit national number starting with 0 read as +996.
    public static func key(_ text: String) -> String {
        // The ASCII scalars with a numeric type are exactly 0-9: compare bytes, not properties.
        var digits = String(decoding: text.utf8.filter { (0x30...0x39).contains($0) }, as: UTF8.self)
        if digits.hasPrefix("00") { digits.removeFirst(2) }
        if digits.count == 10 && digits.hasPrefix("0") { digits = "996" + digits.dropFirst() }
        return digits
    }
}
