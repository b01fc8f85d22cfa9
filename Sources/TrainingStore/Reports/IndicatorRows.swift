import Foundation
import Postgres
import TrainingCore

/// Reading `indicator` rows (sql/0011).
enum IndicatorRows {
    static let columns = SQLFragment("""
        code, title, description, unit, counting_rule, since, filters, disaggregations, archived, version, created_at, updated_at
        """)

    static func indicator(_ row: PGRow) throws -> Indicator {
        let dimensions = try row.decode("disaggregations", as: [String].self).map { text in
            guard let dimension = IndicatorDimension(rawValue: text) else { throw unexpected("disaggregation", text) }
            return dimension
        }
        let definition = IndicatorDefinition(
            code: try row.decode("code"), title: try row.decode("title"), description: try row.decode("description", as: String?.self),
            unit: try decode(IndicatorUnit.self, row, "unit"), countingRule: try decode(IndicatorCountingRule.self, row, "counting_rule"),
            since: try row.decode("since", as: Day?.self),
            filters: try row.decode("filters", as: PGJSON.self).decode(IndicatorFilters.self),
            disaggregations: dimensions, archived: try row.decode("archived"))
        return Indicator(definition: definition, version: try row.decode("version"), createdAt: try row.decode("created_at"),
                         updatedAt: try row.decode("updated_at"))
    }

    /// A text column holding one of an enum's raw values (the schema's CHECKs guarantee it).
    static func decode<T: RawRepresentable>(_ type: T.Type, _ row: PGRow, _ column: String) throws -> T where T.RawValue == String {
        let text: String = try row.decode(column)
        guard let value = T(rawValue: text) else { throw unexpected(column, text) }
        return value
    }

    static func unexpected(_ what: String, _ text: String) -> PGError {
        PGError(code: .protocolViolation, message: "unexpected \(what) '\(text)'")
    }
}
