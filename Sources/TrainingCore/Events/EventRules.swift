import Foundation

/// Field rules of events (the limits the Events IDL states), each throwing a `ValidationError`
/// that names the parameter path, e.g. `modules[3]`.
public enum EventRules {
    public static let titleMax = 300
    public static let maxModules = 50
    public static let moduleMax = 500
    public static let settlementMax = 200
    public static let capacityRange: ClosedRange<Int64> = 1...100_000
    public static let maxTrainers = 20
    public static let trainerMax = 200
    public static let funderMax = 200
    public static let notesMax = 10_000
    public static let reasonMax = 2_000
    /// Longest span last_day - first_day.
    public static let maxSpanDays = 366
    /// The days an event may lie in (the database refuses others).
    public static let earliestDay = try! Day(iso: "1990-01-01", field: "")
    public static let latestDay = try! Day(iso: "2100-12-31", field: "")

    public static func title(_ text: String, field: String = "title") throws(ValidationError) -> String {
        try TextField.clean(text, field: field, maxLength: titleMax)
    }

    public static func modules(_ items: [String], field: String = "modules") throws(ValidationError) -> [String] {
        try list(items, field: field, maxItems: maxModules, maxLength: moduleMax)
    }

    public static func trainers(_ items: [String], field: String = "trainers") throws(ValidationError) -> [String] {
        try list(items, field: field, maxItems: maxTrainers, maxLength: trainerMax)
    }

    public static func settlement(_ text: String, field: String = "settlement") throws(ValidationError) -> String {
        try TextField.clean(text, field: field, maxLength: settlementMax)
    }

    public static func funder(_ text: String, field: String = "funder") throws(ValidationError) -> String {
        try TextField.clean(text, field: field, maxLength: funderMax)
    }

    public static func capacity(_ value: Int64, field: String = "capacity") throws(ValidationError) -> Int {
        guard capacityRange.contains(value) else {
            throw ValidationError(field: field, reason: "must be between 1 and 100000 seats (omit it for no limit), got \(value)")
        }
        return Int(value)
    }

    /// Notes keep their line breaks (CR LF and CR become LF); other control characters are
    /// refused like everywhere else.
    public static func notes(_ text: String, field: String = "notes") throws(ValidationError) -> String {
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            if scalar == "\n" && previousCR { continue }
            scalars.append(scalar == "\r" ? "\n" : scalar)
        }
        let cleaned = String(scalars).trimmingWhitespace
        if cleaned.isEmpty { throw ValidationError(field: field, reason: "must not be empty (omit it, or clear it with UpdateEvent)") }
        if cleaned.count > notesMax {
            throw ValidationError(field: field, reason: "is \(cleaned.count) characters long; at most \(notesMax) allowed")
        }
        if cleaned.unicodeScalars.contains(where: { $0 != "\n" && $0.isControlCharacter }) {
            throw ValidationError(field: field, reason: "must not contain control characters other than line breaks")
        }
        return cleaned
    }

    public static func reason(_ text: String, field: String = "reason") throws(ValidationError) -> String {
        try TextField.clean(text, field: field, maxLength: reasonMax)
    }

    /// An ISO day within the years the database accepts.
    public static func day(_ text: String, field: String) throws(ValidationError) -> Day {
        let day = try Day(iso: text, field: field)
        guard day >= earliestDay && day <= latestDay else {
            throw ValidationError(field: field, reason: "must lie between \(earliestDay) and \(latestDay), got \(day)")
        }
        return day
    }

    /// first_day..last_day: in order and at most `maxSpanDays` apart. `field` names the
    /// parameter to blame (last_day unless only first_day was given).
    public static func checkDays(first: Day, last: Day, field: String = "last_day") throws(ValidationError) {
        if last < first {
            throw ValidationError(field: field, reason: "last day \(last) is before first day \(first)")
        }
        if first.days(to: last) > maxSpanDays {
            throw ValidationError(field: field, reason: "the event may last at most \(maxSpanDays + 1) days (\(first) to \(last) is \(first.days(to: last) + 1))")
        }
    }

    static func list(_ items: [String], field: String, maxItems: Int, maxLength: Int) throws(ValidationError) -> [String] {
        guard items.count <= maxItems else {
            throw ValidationError(field: field, reason: "has \(items.count) entries; at most \(maxItems) allowed")
        }
        var cleaned: [String] = []
        for (index, item) in items.enumerated() {
            cleaned.append(try TextField.clean(item, field: "\(field)[\(index)]", maxLength: maxLength))
        }
        return cleaned
    }
}
