import Foundation
import Postgres
import TrainingCore

extension IndicatorStore {
    /// Computes `codes` (nil: every indicator not archived, by code) over the period
    /// from..to, all from one snapshot (a REPEATABLE READ transaction), with the change-log
    /// cursor every report answers: every change up to it is counted (`ReportStore.inSnapshot`).
    /// Participations come from the kept base, brought up to date in that snapshot first, as
    /// for Participation.
    public func compute(tenant: UUID, codes: [String]?, from: Day?, to: Day, ageBands: IndicatorAgeBands) async throws -> IndicatorReport {
        try await ReportStore(database: database).inSnapshot(tenant) { c, sequence in
            let indicators = try Self.indicators(c, codes: codes)
            let windows = indicators.map {
                IndicatorWindow(rule: $0.definition.countingRule, since: $0.definition.since, periodFrom: from, periodTo: to)
            }
            let results = try zip(indicators, windows).map { indicator, window in
                IndicatorReport.Result(
                    indicator: indicator, window: window,
                    value: try IndicatorQuery(definition: indicator.definition, window: window, ageBands: ageBands).run(c))
            }
            let names = try IndicatorGroupNames.read(c, results.map(\.value))
            return IndicatorReport(results: results, areaNames: names.areas, eventTitles: names.events,
                                   dataCursor: ChangeCursor(tenant: tenant, sequence: sequence), computedAt: Date())
        }
    }

    /// The indicators named, in the order named (archived ones too), or every one not
    /// archived by code.
    private static func indicators(_ c: PGConnection, codes: [String]?) throws -> [Indicator] {
        guard let codes else {
            return try c.run("SELECT \(IndicatorRows.columns) FROM indicator WHERE NOT archived ORDER BY code COLLATE \"C\"")
                .rows.map(IndicatorRows.indicator)
        }
        var found: [String: Indicator] = [:]
        for row in try c.run("SELECT \(IndicatorRows.columns) FROM indicator WHERE code = ANY(\(codes))").rows {
            let indicator = try IndicatorRows.indicator(row)
            found[indicator.code] = indicator
        }
        return try codes.map { code in
            guard let indicator = found[code] else { throw IndicatorStoreError.indicatorNotFound(code) }
            return indicator
        }
    }
}
