/// The language of a report's labels: headings, dimension and measure names, enum values and
/// place names. Numbers, dates and codes are written the same way in every language.
public enum ReportLanguage: String, CaseIterable, Sendable {
    case en, ru, ky
}
