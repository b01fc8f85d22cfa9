import Foundation

/// A calendar day ("2019-04-16"), the unit of training days and attendance. Days are civil
/// dates in Kyrgyzstan, never instants, so no time zone is involved.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// Parses exactly `YYYY-MM-DD` and refuses dates that do not exist (2019-02-30).
    public init(iso text: String, field: String) throws(ValidationError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...9999).contains(year)
        else { throw ValidationError(field: field, reason: "must be a date written YYYY-MM-DD, got '\(text.prefix(40))'") }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = Self.calendar.date(from: components),
            Self.calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { throw ValidationError(field: field, reason: "is not a real date: \(text)") }
        ordinal = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    public var date: Date { Date(timeIntervalSince1970: Double(ordinal) * 86_400) }

    public var components: (year: Int, month: Int, day: Int) {
        let c = Self.calendar.dateComponents([.year, .month, .day], from: date)
        return (c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: Day) -> Int { other.ordinal - ordinal }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public var description: String {
        let (y, m, d) = components
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
