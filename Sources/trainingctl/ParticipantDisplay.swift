import Varlink

/// How persons and registrations read in trainingctl's human output.
enum ParticipantDisplay {
    static func personPairs(_ person: JSONValue?) -> [(key: String, value: String)] {
        guard let person else { return [] }
        return [
            ("person id", person["person_id"].displayText),
            ("full name", person["full_name"].displayText),
            ("sex", person["sex"].displayText),
            ("birth year", person["birth_year"].displayText),
            ("disability", person["disability"].displayText),
            ("category", person["category"].displayText),
            ("municipality", person["municipality"].map { EventDisplay.municipality($0) } ?? "-"),
            ("phone", person["phone"].displayText),
        ]
    }

    static func registrationPairs(_ registration: JSONValue?) -> [(key: String, value: String)] {
        guard let r = registration else { return [] }
        var pairs: [(key: String, value: String)] = [
            ("event", r["event_code"].displayText),
            ("person", "\(r["person"]?["full_name"].displayText ?? "-") (\(r["person"]?["person_id"].displayText ?? "-"))"),
            ("status", r["status"].displayText + (r["waitlist_position"].map { " (place \($0.displayText) on the waitlist)" } ?? "")),
            ("source", r["source"].displayText),
            ("registered at", r["registered_at"].displayText),
            ("category", r["category"].displayText),
            ("municipality", r["municipality"].map { EventDisplay.municipality($0) } ?? "-"),
            ("role", r["municipality_role"].displayText),
        ]
        if let note = r["note"] { pairs.append(("note", note.displayText)) }
        if let reason = r["cancel_reason"] { pairs.append(("cancel reason", reason.displayText)) }
        return pairs
    }

    /// One table row of a registration.
    static func registrationRow(_ r: JSONValue) -> [String] {
        let person = r["person"]
        return [
            person?["full_name"].displayText ?? "-", person?["sex"].displayText ?? "-", r["category"].displayText,
            r["municipality"]?["code"].displayText ?? "-", r["municipality_role"].displayText, r["status"].displayText,
            r["waitlist_position"].displayText, r["source"].displayText, person?["person_id"].displayText ?? "-",
        ]
    }

    static let registrationHeaders = ["NAME", "SEX", "CATEGORY", "MUNICIPALITY", "ROLE", "STATUS", "WAIT", "SOURCE", "PERSON"]
}
