import Foundation

/// The days an indicator counts over: unique_per_period counts from..to, cumulative counts
/// since..to. A nil start means from the first record.
public struct IndicatorWindow: Sendable, Equatable {
    public var from: Day?
    public var to: Day

    public init(from: Day?, to: Day) {
        self.from = from
        self.to = to
    }

    public init(rule: IndicatorCountingRule, since: Day?, periodFrom: Day?, periodTo: Day) {
        self.init(from: rule == .cumulative ? since : periodFrom, to: periodTo)
    }

    public func contains(_ day: Day) -> Bool { day <= to && (from.map { day >= $0 } ?? true) }

    /// Today in Kyrgyzstan (UTC+6, no daylight saving), the default end of a period: the
    /// day of the trainings the coordinators record, not UTC's.
    public static func today(now: Date = Date()) -> Day {
        Day(ordinal: Int(((now.timeIntervalSince1970 + 6 * 3_600) / 86_400).rounded(.down)))
    }
}
