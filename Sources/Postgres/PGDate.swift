/// A calendar date without time or zone, PostgreSQL's `date`.
///
/// Training days are calendar days in Kyrgyzstan whatever the server's zone, so they are never
/// represented as instants.
public struct PGDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Fails for dates that do not exist (2019-02-30) or years outside 1..9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let y = CivilCalendar.digits(bytes[0..<4]), let m = CivilCalendar.digits(bytes[5..<7]),
            let d = CivilCalendar.digits(bytes[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { CivilCalendar.days(year: year, month: month, day: day) }

    public init(daysSinceEpoch days: Int) {
        let (y, m, d) = CivilCalendar.civil(fromDays: days)
        self.year = y
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> PGDate { PGDate(daysSinceEpoch: daysSinceEpoch + days) }

    public static func < (lhs: PGDate, rhs: PGDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public var description: String {
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

extension PGDate: PGEncodable, PGDecodable {
    public static var pgType: PGType { .date }
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: description.utf8) }
    public init(pgText bytes: UnsafeRawBufferPointer) throws {
        guard let value = PGDate(iso: String(decoding: bytes, as: UTF8.self)) else { throw Self.decodingError(bytes) }
        self = value
    }
}

/// Proleptic Gregorian arithmetic (Howard Hinnant's days-from-civil), free of Foundation's
/// locale and time-zone state.
enum CivilCalendar {
    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for b in bytes {
            let digit = Int(b) - 48
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
