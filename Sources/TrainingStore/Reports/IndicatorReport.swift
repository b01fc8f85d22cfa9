import Foundation
import TrainingCore

/// What ComputeIndicators answers: each indicator's value over its window, the names of the
/// places and events its groups refer to, and the moment (time and change-log cursor) it
/// was computed at.
public struct IndicatorReport: Sendable {
    public struct Result: Sendable {
        public var indicator: Indicator
        public var window: IndicatorWindow
        public var value: IndicatorValue
    }

    public var results: [Result]
    /// Oblast, district and municipality names by SOATE code.
    public var areaNames: [String: LocalizedNames]
    /// Event titles by event code.
    public var eventTitles: [String: String]
    public var dataCursor: ChangeCursor
    public var computedAt: Date
}
