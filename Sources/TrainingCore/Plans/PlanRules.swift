import Foundation

/// The rules of io.trainingd.Plans for values that need no database: texts, periods and the
/// dates of lifecycle steps. Every error names the parameter path.
public enum PlanRules {
    public static let titleMax = 300
    public static let decisionNumberMax = 100
    public static let maxPeriodYears = 10
    /// The earliest date the schema accepts for periods and steps.
    public static let earliestDay = Day(ordinal: 7_305)  // 1990-01-01
    /// Kyrgyzstan keeps UTC+6 all year: "today" and "the future" are its civil dates.
    public static let bishkekOffset: TimeInterval = 6 * 3_600

    public static func title(_ text: String, field: String = "title") throws(ValidationError) -> String {
        try TextField.clean(text, field: field, maxLength: titleMax)
    }

    /// A note (at most 2000 characters, line breaks allowed); nil when blank.
    public static func note(_ text: String, field: String = "note") throws(ValidationError) -> String? {
        try NoteText.clean(text, field: field)
    }

    public static func decisionNumber(_ text: String, field: String = "council_decision_number") throws(ValidationError) -> String {
        try TextField.clean(text, field: field, maxLength: decisionNumberMax)
    }

    /// The civil date in Kyrgyzstan at `now`.
    public static func today(now: Date = Date()) -> Day {
        Day(ordinal: Int(((now.timeIntervalSince1970 + bishkekOffset) / 86_400).rounded(.down)))
    }

    /// A date of something that happened: from 1990 on, and not after `today`.
    public static func pastDay(_ text: String, field: String, today: Day) throws(ValidationError) -> Day {
        let day = try Day(iso: text, field: field)
        guard day >= earliestDay else { throw ValidationError(field: field, reason: "must not be before \(earliestDay), got \(day)") }
        guard day <= today else { throw ValidationError(field: field, reason: "\(day) is in the future (today is \(today))") }
        return day
    }

    /// A planning period: starts in 1990 or later, ends on or after its start and at most ten
    /// years after it (the same calendar day ten years on; 29 February counts as 28).
    public static func checkPeriod(start: Day, end: Day, field: String = "period_end") throws(ValidationError) {
        guard start >= earliestDay else {
            throw ValidationError(field: "period_start", reason: "must not be before \(earliestDay), got \(start)")
        }
        guard end >= start else { throw ValidationError(field: field, reason: "\(end) is before period_start (\(start))") }
        let limit = latestEnd(start: start)
        guard end <= limit else {
            throw ValidationError(field: field, reason: "a plan covers at most \(maxPeriodYears) years: \(end) is after \(limit)")
        }
    }

    /// The last day a period starting on `start` may end on.
    public static func latestEnd(start: Day) -> Day {
        let (year, month, day) = start.components
        let lastOfMonth = month == 2 && day == 29 && !isLeap(year + maxPeriodYears) ? 28 : day
        let text = String(format: "%04d-%02d-%02d", year + maxPeriodYears, month, lastOfMonth)
        return (try? Day(iso: text, field: "")) ?? start.adding(days: 3_652)
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The date of a lifecycle step: not before the step before it.
    public static func checkStepDate(_ day: Day, previous: Day, field: String = "date") throws(ValidationError) {
        guard day >= previous else {
            throw ValidationError(field: field, reason: "\(day) is before the plan's previous step (\(previous))")
        }
    }
}
