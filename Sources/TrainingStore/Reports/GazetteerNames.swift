import Postgres
import TrainingCore

/// Names of the oblasts, districts and municipalities a report mentions, read in one statement
/// (SOATE codes are unique across the three levels).
enum GazetteerNames {
    static func of(_ c: PGConnection, codes: Set<String>) throws -> [String: LocalizedNames] {
        guard !codes.isEmpty else { return [:] }
        let list = Array(codes)
        var names: [String: LocalizedNames] = [:]
        for row in try c.query("""
            SELECT code, name_ru, name_ky, name_en FROM oblast WHERE code = ANY(\(list))
            UNION ALL SELECT code, name_ru, name_ky, name_en FROM district WHERE code = ANY(\(list))
            UNION ALL SELECT code, name_ru, name_ky, name_en FROM municipality WHERE code = ANY(\(list))
            """).rows {
            names[try row.decode("code")] = LocalizedNames(
                ru: try row.decode("name_ru"), ky: try row.decode("name_ky", as: String?.self), en: try row.decode("name_en", as: String?.self))
        }
        return names
    }
}
