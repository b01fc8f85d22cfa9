/// The caller-chosen key of an import (ImportRegistrations.idempotency_key): 1 to 128
/// printable ASCII characters, unique per tenant.
public enum IdempotencyKey {
    public static let maxLength = 128

    public static func validate(_ text: String, field: String = "idempotency_key") throws(ValidationError) -> String {
        guard !text.isEmpty, text.utf8.count <= maxLength else {
            throw ValidationError(field: field, reason: "must be 1 to \(maxLength) characters, got \(text.count)")
        }
        guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
            throw ValidationError(field: field, reason: "must consist of printable ASCII characters only")
        }
        return text
    }
}
