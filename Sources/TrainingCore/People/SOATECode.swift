/// The official SOATE code of an oblast, district or municipality: exactly 14 ASCII digits.
/// Whether the code exists is for the gazetteer (the store) to say; this is only its form.
public enum SOATECode {
    public static func validate(_ text: String, field: String) throws(ValidationError) -> String {
        guard text.utf8.count == 14, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw ValidationError(field: field, reason: "must be a 14-digit SOATE code, got '\(text.prefix(40))'")
        }
        return text
    }
}
