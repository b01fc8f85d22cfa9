import Foundation

/// A calendar day ("2019-04-16"), the unit of training days and attendance. Days are civil
/// dates in Kyrgyzstan, never instants, so no time zone is involved.
///
/// Parsed and written with integer arithmetic on the proleptic Gregorian calendar (Howard
/// Hinnant's `days_from_civil` and `civil_from_days`), not Foundation's Calendar and
/// `String(format:)`: every attendance mark is parsed and written a few times per call, and
/// those two were about a tenth of the daemon's CPU for a sheet of 30 marks (perf, scripts/bench).
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// Parses exactly `YYYY-MM-DD` and refuses dates that do not exist (2019-02-30).
    public init(iso text: String, field: String) throws(ValidationError) {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10), (1...9999).contains(year)
        else { throw ValidationError(field: field, reason: "must be a date written YYYY-MM-DD, got '\(text.prefix(40))'") }
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
        else { throw ValidationError(field: field, reason: "is not a real date: \(text)") }
        ordinal = Self.ordinal(year: year, month: month, day: day)
    }

    public var date: Date { Date(timeIntervalSince1970: Double(ordinal) * 86_400) }

    public var components: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // March = 0
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: Day) -> Int { other.ordinal - ordinal }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    /// `YYYY-MM-DD`, the year zero-padded to four digits (as `%04d` wrote it).
    public var description: String {
        let (year, month, day) = components
        var text = year < 0 ? "-" : ""
        let yearDigits = String(abs(year))
        text += String(repeating: "0", count: max(0, 4 - yearDigits.count)) + yearDigits
        text += month < 10 ? "-0\(month)" : "-\(month)"
        text += day < 10 ? "-0\(day)" : "-\(day)"
        return text
    }

    /// Days since 1970-01-01 of a valid date.
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
