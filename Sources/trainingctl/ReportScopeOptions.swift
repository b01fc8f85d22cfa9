import ArgumentParser
import Varlink

/// The filters the funnel and the HTML report share: period, places, events, days present.
struct ReportScopeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only trainings whose first day is on or after this day.", valueName: "day")) var from: String?
    @Option(help: ArgumentHelp("Only trainings whose first day is on or before this day.", valueName: "day")) var to: String?
    @Option(name: .customLong("oblast"), help: ArgumentHelp("Oblast SOATE code (repeatable).", valueName: "code")) var oblasts: [String] = []
    @Option(name: .customLong("district"), help: ArgumentHelp("District SOATE code (repeatable).", valueName: "code")) var districts: [String] = []
    @Option(name: .customLong("event"), help: ArgumentHelp("Event code or uuid (repeatable).", valueName: "event")) var events: [String] = []
    @Option(name: .customLong("status"), help: "Event status (repeatable; default every status but cancelled).")
    var statuses: [EventStatusArgument] = []
    @Option(name: .customLong("min-days"), help: ArgumentHelp("Days present or late to count as trained (default 1).", valueName: "n"))
    var minDays: Int?

    func validate() throws {
        if let from { _ = try ReportOptionValues.day(from, option: "--from") }
        if let to { _ = try ReportOptionValues.day(to, option: "--to") }
        for oblast in oblasts { _ = try ReportOptionValues.soate(oblast, option: "--oblast") }
        for district in districts { _ = try ReportOptionValues.soate(district, option: "--district") }
        if let minDays, minDays < 1 { throw ValidationError("--min-days must be at least 1") }
    }

    /// The filters as call parameters (names shared by Participation and PlanFunnel).
    var parameters: JSONObject {
        var parameters = JSONObject()
        parameters["from"] = from.map { .string($0) }
        parameters["to"] = to.map { .string($0) }
        parameters["oblasts"] = ReportOptionValues.strings(oblasts)
        parameters["districts"] = ReportOptionValues.strings(districts)
        parameters["events"] = ReportOptionValues.strings(events)
        parameters["event_statuses"] = ReportOptionValues.strings(statuses.map(\.rawValue))
        parameters["min_days_present"] = minDays.map { .int(Int64($0)) }
        return parameters
    }
}
