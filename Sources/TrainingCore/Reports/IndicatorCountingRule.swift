/// Over which window an indicator counts (io.trainingd.Reports.CountingRule).
public enum IndicatorCountingRule: String, Sendable, CaseIterable, Codable {
    /// Within the period asked for, each unit once.
    case uniquePerPeriod = "unique_per_period"
    /// From the indicator's `since` (or the first record) to the end of the period: the
    /// running total to date, each unit once.
    case cumulative
}
