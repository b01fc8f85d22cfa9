/// Calendar days of the seeded dataset as day numbers since 1970-01-01, with the civil-date
/// conversions (H. Hinnant's algorithms) the generator and the recounts need, independent of
/// the code under test.
public enum SeededDatasetDay {
    public static func ordinal(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(_ ordinal: Int) -> (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// "2019-04-16".
    public static func iso(_ ordinal: Int) -> String {
        let (y, m, d) = civil(ordinal)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    /// Parses "2019-04-16".
    public static func parse(_ text: String) -> Int {
        let parts = text.split(separator: "-").map { Int($0)! }
        return ordinal(parts[0], parts[1], parts[2])
    }
}
