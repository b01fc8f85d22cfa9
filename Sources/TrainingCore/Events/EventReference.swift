import Foundation

/// The `event: string` parameter: an event's code or uuid. Only its length is checked (a
/// reference that fits neither simply names no event, EventNotFound); it is NFC-normalised
/// because codes are stored that way.
public enum EventReference {
    public static func validate(_ text: String, field: String = "event") throws(ValidationError) -> String {
        let reference = text.precomposedStringWithCanonicalMapping
        guard !reference.isEmpty else { throw ValidationError(field: field, reason: "must name an event by its code or uuid") }
        guard reference.count <= EventCode.maxLength else {
            throw ValidationError(field: field, reason: "is \(reference.count) characters long; an event code has at most \(EventCode.maxLength) and a uuid 36")
        }
        return reference
    }
}
