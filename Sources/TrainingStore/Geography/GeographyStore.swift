import Foundation
import Postgres
import TrainingCore

/// The SQL behind io.trainingd.Geography: the gazetteer (reference data shared by all
/// tenants, read without a tenant).
public struct GeographyStore: Sendable {
    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    public func oblasts() async throws -> [OblastEntry] {
        try await database.withoutTenant(readOnly: true) { c in
            try c.query("""
                SELECT o.code, o.name_ru, o.name_ky, o.name_en,
                       (SELECT count(*) FROM district d WHERE d.oblast_code = o.code) AS districts,
                       (SELECT count(*) FROM municipality m WHERE m.oblast_code = o.code) AS municipalities
                FROM oblast o ORDER BY o.code
                """).rows.map { row in
                OblastEntry(code: try row.decode("code"), names: try Self.names(row, "name"),
                            districts: try row.decode("districts"), municipalities: try row.decode("municipalities"))
            }
        }
    }

    /// Districts, of one oblast when given (`EventError.areaNotFound` when it is unknown).
    public func districts(oblast: String?) async throws -> [DistrictEntry] {
        try await database.withoutTenant(readOnly: true) { c in
            if let oblast { try Self.requireArea(c, field: "oblast", code: oblast) }
            return try c.query("""
                SELECT d.code, d.name_ru, d.name_ky, d.name_en,
                       o.code AS oblast_code, o.name_ru AS oblast_ru, o.name_ky AS oblast_ky, o.name_en AS oblast_en,
                       (SELECT count(*) FROM municipality m WHERE m.district_code = d.code) AS municipalities
                FROM district d JOIN oblast o ON o.code = d.oblast_code
                WHERE \(oblast)::text IS NULL OR d.oblast_code = \(oblast)
                ORDER BY d.code
                """).rows.map { row in
                DistrictEntry(code: try row.decode("code"), names: try Self.names(row, "name"),
                              oblast: AreaRef(code: try row.decode("oblast_code"), names: try Self.names(row, "oblast")),
                              municipalities: try row.decode("municipalities"))
            }
        }
    }

    /// Municipalities matching every filter: by code, or with `search` best matches first
    /// (whole name, name prefix, word prefix, substring; ties by code). The search key ignores
    /// case, diacritics and script (`trainingd_search_key`, sql/0009).
    public func municipalities(_ filter: MunicipalityFilter) async throws -> (municipalities: [MunicipalityEntry], total: Int) {
        try await database.withoutTenant(readOnly: true) { c in
            if let oblast = filter.oblast { try Self.requireArea(c, field: "oblast", code: oblast) }
            if let district = filter.district { try Self.requireArea(c, field: "district", code: district) }
            var total = 0
            var entries: [MunicipalityEntry] = []
            for row in try c.query(Self.municipalityQuery(filter, limit: filter.page.limit, offset: filter.page.offset)).rows {
                total = try row.decode("total")
                entries.append(try Self.municipality(row))
            }
            if entries.isEmpty && filter.page.offset > 0 {
                total = try c.query(Self.municipalityQuery(filter, limit: 1, offset: 0)).first?.decode("total") ?? 0
            }
            return (entries, total)
        }
    }

    static func municipalityQuery(_ filter: MunicipalityFilter, limit: Int, offset: Int) -> PGQuery {
        """
        SELECT m.code, m.kind, m.name_ru, m.name_ky, m.name_en, m.centre_ru, m.centre_ky,
               o.code AS oblast_code, o.name_ru AS oblast_ru, o.name_ky AS oblast_ky, o.name_en AS oblast_en,
               d.code AS district_code, d.name_ru AS district_ru, d.name_ky AS district_ky, d.name_en AS district_en,
               count(*) OVER () AS total
        FROM municipality m
        JOIN oblast o ON o.code = m.oblast_code
        LEFT JOIN district d ON d.code = m.district_code
        CROSS JOIN LATERAL (
            SELECT min(CASE WHEN n = q.k THEN 0
                            WHEN starts_with(n, q.k) THEN 1
                            WHEN strpos(n, ' ' || q.k) > 0 THEN 2
                            WHEN strpos(n, q.k) > 0 THEN 3 END) AS rank
            FROM (SELECT nullif(btrim(trainingd_search_key(\(filter.search))), '') AS k) AS q,
                 unnest(ARRAY[m.name_ru, m.name_ky, m.name_en, m.centre_ru, m.centre_ky]) AS name,
                 LATERAL (SELECT trainingd_search_key(name) AS n) AS keyed
            WHERE name IS NOT NULL) AS match
        WHERE (\(filter.oblast)::text IS NULL OR m.oblast_code = \(filter.oblast))
          AND (\(filter.district)::text IS NULL OR m.district_code = \(filter.district))
          AND (\(filter.kind?.rawValue)::text IS NULL OR m.kind = \(filter.kind?.rawValue))
          AND (\(filter.codes)::text[] IS NULL OR m.code = ANY(\(filter.codes)))
          AND (\(filter.search)::text IS NULL OR match.rank IS NOT NULL)
        ORDER BY match.rank NULLS LAST, m.code
        LIMIT \(limit) OFFSET \(offset)
        """
    }

    static func municipality(_ row: PGRow) throws -> MunicipalityEntry {
        guard let kind = MunicipalityKind(rawValue: try row.decode("kind")) else {
            throw PGError(code: .protocolViolation, message: "unknown municipality kind")
        }
        let centre = try row.decode("centre_ru", as: String?.self).map { LocalizedNames(ru: $0, ky: try row.decode("centre_ky", as: String?.self)) }
        let district = try row.decode("district_code", as: String?.self).map { AreaRef(code: $0, names: try names(row, "district")) }
        return MunicipalityEntry(code: try row.decode("code"), kind: kind, names: try names(row, "name"), centre: centre,
                                 oblast: AreaRef(code: try row.decode("oblast_code"), names: try names(row, "oblast")), district: district)
    }

    /// Names from the columns `<prefix>_ru`, `<prefix>_ky`, `<prefix>_en`.
    static func names(_ row: PGRow, _ prefix: String) throws -> LocalizedNames {
        LocalizedNames(ru: try row.decode("\(prefix)_ru"), ky: try row.decode("\(prefix)_ky", as: String?.self),
                       en: try row.decode("\(prefix)_en", as: String?.self))
    }

    static func requireArea(_ c: PGConnection, field: String, code: String) throws {
        let found = field == "oblast"
            ? try c.query("SELECT 1 FROM oblast WHERE code = \(code)").rowCount
            : try c.query("SELECT 1 FROM district WHERE code = \(code)").rowCount
        if found == 0 { throw EventError.areaNotFound(field: field, code: code) }
    }
}
