import Foundation
import Postgres
import TrainingCore

/// The names of the places (GroupKey.names) and titles of the events (GroupKey.label) that
/// the groups of computed indicators refer to, read in the computing snapshot.
struct IndicatorGroupNames {
    var areas: [String: LocalizedNames] = [:]
    var events: [String: String] = [:]

    static func read(_ c: PGConnection, _ values: [IndicatorValue]) throws -> IndicatorGroupNames {
        var places = Set<String>(), events = Set<String>()
        for breakdown in values.flatMap(\.breakdowns) {
            let keys = breakdown.groups.compactMap(\.value)
            switch breakdown.dimension {
            case .oblast, .district, .municipality: places.formUnion(keys)
            case .event: events.formUnion(keys)
            default: continue
            }
        }
        var names = IndicatorGroupNames()
        if !places.isEmpty {
            let codes = places.sorted()
            for row in try c.query("""
                SELECT code, name_ru, name_ky, name_en FROM oblast WHERE code = ANY(\(codes))
                UNION ALL SELECT code, name_ru, name_ky, name_en FROM district WHERE code = ANY(\(codes))
                UNION ALL SELECT code, name_ru, name_ky, name_en FROM municipality WHERE code = ANY(\(codes))
                """).rows {
                names.areas[try row.decode("code")] = LocalizedNames(
                    ru: try row.decode("name_ru"), ky: try row.decode("name_ky", as: String?.self), en: try row.decode("name_en", as: String?.self))
            }
        }
        if !events.isEmpty {
            for row in try c.query("SELECT code, title FROM event WHERE code = ANY(\(events.sorted()))").rows {
                names.events[try row.decode("code")] = try row.decode("title")
            }
        }
        return names
    }
}
