import Foundation
import Testing
import TrainingCore

/// Day's arithmetic against Foundation's Gregorian calendar (what it replaced) where both are
/// Gregorian, and the dates it must refuse. Before 1582 Foundation switches to the Julian
/// calendar; Day stays proleptic Gregorian there, as PostgreSQL's `date` does.
@Suite struct DayTests {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Every day from 1600 to 2400, and scattered ones from 1583 to 9999.
    @Test func agreesWithFoundationsCalendar() throws {
        let ordinals = Array(-135_140...157_000) + Array(stride(from: -141_349, through: 2_932_896, by: 997)) + [2_932_896]
        for ordinal in ordinals {
            let day = Day(ordinal: ordinal)
            let c = Self.calendar.dateComponents([.year, .month, .day], from: day.date)
            let expected = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            guard day.description == expected else {
                Issue.record("ordinal \(ordinal): \(day.description) != \(expected)")
                return
            }
            guard try Day(iso: expected, field: "day") == day else {
                Issue.record("ordinal \(ordinal): \(expected) parses to another day")
                return
            }
        }
    }

    @Test func knownDays() throws {
        #expect(try Day(iso: "1970-01-01", field: "d").ordinal == 0)
        #expect(try Day(iso: "2019-04-16", field: "d").ordinal == 18_002)
        #expect(Day(ordinal: -1).description == "1969-12-31")
        // PostgreSQL: SELECT '0001-01-01'::date - '1970-01-01'::date
        #expect(try Day(iso: "0001-01-01", field: "d").ordinal == -719_162)
        #expect(Day(ordinal: -719_162).description == "0001-01-01")
        #expect(try Day(iso: "2000-02-29", field: "d").adding(days: 1).description == "2000-03-01")
    }

    @Test(arguments: ["2019-02-29", "1900-02-29", "1500-02-29", "2019-04-31", "2019-13-01", "2019-00-10", "2019-01-00", "2019-01-32",
                      "0000-01-01", "2019-1-01", "2019/01/01", "20190101", "2019-01-01 ", "+019-01-01", "2019-01-0a", "２０１９-01-01", ""])
    func refusesWhatIsNoDate(text: String) {
        #expect(throws: ValidationError.self) { try Day(iso: text, field: "day") }
    }

    @Test func acceptsLeapDays() throws {
        for text in ["2020-02-29", "2000-02-29", "2400-02-29", "2019-12-31", "9999-12-31"] {
            #expect(try Day(iso: text, field: "day").description == text)
        }
    }
}
