import Foundation
import Postgres
import TrainingCore
import UUIDText

/// The columns and decoding of a `PersonRecord`, shared by every statement that returns
/// persons (alias `p` for person, `pm` for its municipality).
enum PersonRows {
    static let columns = SQLFragment("""
        p.id AS p_id, p.full_name AS p_full_name, p.sex AS p_sex, p.birth_year AS p_birth_year, p.disability AS p_disability,
        p.category AS p_category, p.municipality_code AS p_municipality, coalesce(p.phone_entered, p.phone) AS p_phone,
        p.created_at AS p_created_at, p.updated_at AS p_updated_at, pm.name_ru AS pm_ru, pm.name_ky AS pm_ky,
        pm.name_en AS pm_en, pm.district_code AS pm_district, pm.oblast_code AS pm_oblast
        """)

    static let municipalityJoin = SQLFragment("LEFT JOIN municipality pm ON pm.code = p.municipality_code")

    static func person(_ row: PGRow) throws -> PersonRecord {
        PersonRecord(
            id: try row.decode("p_id"), fullName: try row.decode("p_full_name"), sex: try enumValue(row, "p_sex"),
            birthYear: try row.decode("p_birth_year", as: Int?.self), disability: try row.decode("p_disability", as: Bool?.self),
            category: try enumValue(row, "p_category"),
            municipality: try municipality(row, code: "p_municipality", prefix: "pm"),
            phone: try row.decode("p_phone", as: String?.self),
            createdAt: try row.decode("p_created_at"), updatedAt: try row.decode("p_updated_at"))
    }

    /// A municipality from columns `<prefix>_ru`, `_ky`, `_en`, `_district`, `_oblast`; nil when the code column is NULL.
    static func municipality(_ row: PGRow, code column: String, prefix: String) throws -> MunicipalityRef? {
        guard let code = try row.decode(column, as: String?.self) else { return nil }
        return MunicipalityRef(
            code: code,
            names: LocalizedNames(ru: try row.decode("\(prefix)_ru"), ky: try row.decode("\(prefix)_ky", as: String?.self),
                                  en: try row.decode("\(prefix)_en", as: String?.self)),
            district: try row.decode("\(prefix)_district", as: String?.self), oblast: try row.decode("\(prefix)_oblast"))
    }

    /// A text column holding one of an enum's raw values (the schema's CHECK guarantees it).
    static func enumValue<T: RawRepresentable>(_ row: PGRow, _ column: String) throws -> T where T.RawValue == String {
        let text: String = try row.decode(column)
        guard let value = T(rawValue: text) else {
            throw PGError(code: .protocolViolation, message: "unexpected value '\(text)' in column \(column)")
        }
        return value
    }

    /// The persons with these ids (merged ones included only if asked), in no particular order.
    static func load(_ c: PGConnection, ids: [UUID]) throws -> [UUID: PersonRecord] {
        guard !ids.isEmpty else { return [:] }
        let texts = ids.map { $0.lowercasedText }
        var found: [UUID: PersonRecord] = [:]
        for row in try c.run("SELECT \(columns) FROM person p \(municipalityJoin) WHERE p.id = ANY(\(texts)::uuid[])").rows {
            let person = try person(row)
            found[person.id] = person
        }
        return found
    }

    static func load(_ c: PGConnection, id: UUID) throws -> PersonRecord {
        guard let person = try load(c, ids: [id])[id] else {
            throw PGError(code: .protocolViolation, message: "person \(id) vanished within its transaction")
        }
        return person
    }
}
