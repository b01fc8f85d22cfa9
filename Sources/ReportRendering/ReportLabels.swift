/// The words of a report in one language: headings, dimension and measure names and enum
/// values (see `ReportLabels+Catalogue.swift`).
///
/// Why keys rather than an enum per kind: the reply carries dimension names and enum values
/// as wire strings, so labels are looked up by "<kind>.<wire value>"; an unknown key shows the
/// wire value itself, so a value added to the IDL later still prints something true.
public struct ReportLabels: Sendable {
    public let language: ReportLanguage

    public init(_ language: ReportLanguage) {
        self.language = language
    }

    /// The label of `key` ("dimension.oblast", "measure.women", "title.participation"...), or
    /// the part of the key after its first dot when the catalogue has none.
    public subscript(key: String) -> String {
        guard let texts = Self.catalogue[key] else {
            return key.firstIndex(of: ".").map { String(key[key.index(after: $0)...]) } ?? key
        }
        switch language {
        case .en: return texts.en
        case .ru: return texts.ru
        case .ky: return texts.ky
        }
    }

    /// An enum value's label: `kind` is "sex", "category", "invite_role", "event_status",
    /// "plan_status", "dimension", "unit" or "counting_rule".
    public func enumValue(_ kind: String, _ value: String) -> String {
        self["\(kind).\(value)"]
    }

    /// A label template with `{name}` placeholders filled in.
    public func format(_ key: String, _ values: [String: String]) -> String {
        var text = self[key]
        for (name, value) in values { text = text.replacing("{\(name)}", with: value) }
        return text
    }
}
