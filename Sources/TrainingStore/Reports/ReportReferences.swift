import Foundation
import Postgres
import TrainingCore
import UUIDText

/// Resolves and checks what a report's parameters name (events, oblasts, districts,
/// municipalities) inside the report's transaction, one statement per list.
enum ReportReferences {
    /// Uuids of the events named by code or uuid, in the order given.
    static func events(_ c: PGConnection, _ references: [String]?) throws -> [UUID]? {
        guard let references else { return nil }
        let ids = references.map { UUID(text: $0)?.lowercasedText }
        let rows = try c.query("""
            SELECT r.i, e.id FROM unnest(\(references)::text[], \(ids.map { $0 ?? "" })::text[]) WITH ORDINALITY AS r(ref, uid, i)
            LEFT JOIN event e ON e.code = r.ref OR e.id = nullif(r.uid, '')::uuid
            ORDER BY r.i
            """).rows
        var resolved: [UUID] = []
        for row in rows {
            guard let id = try row.decode("id", as: UUID?.self) else {
                throw ReportStoreError.eventNotFound(references[Int(try row.decode("i", as: Int64.self)) - 1])
            }
            if !resolved.contains(id) { resolved.append(id) }
        }
        return resolved
    }

    /// Throws AreaNotFound / MunicipalityNotFound for the first code of the lists missing from
    /// the gazetteer.
    static func checkPlaces(_ c: PGConnection, oblasts: [String]?, districts: [String]?, municipalities: [String]?) throws {
        if let index = try firstMissing(c, oblasts, table: "oblast") {
            throw ReportStoreError.areaNotFound(field: "oblasts[\(index)]", code: oblasts![index])
        }
        if let index = try firstMissing(c, districts, table: "district") {
            throw ReportStoreError.areaNotFound(field: "districts[\(index)]", code: districts![index])
        }
        if let index = try firstMissing(c, municipalities, table: "municipality") {
            throw ReportStoreError.municipalityNotFound(municipalities![index])
        }
    }

    /// Index of the first code not in `table` (a constant of this file).
    private static func firstMissing(_ c: PGConnection, _ codes: [String]?, table: StaticString) throws -> Int? {
        guard let codes, !codes.isEmpty else { return nil }
        var sql = ReportSQL()
        let list = sql.bind(codes)
        sql.append("""
            SELECT min(r.i) AS i FROM unnest(\(list)::text[]) WITH ORDINALITY AS r(code, i)
            WHERE NOT EXISTS (SELECT 1 FROM \(table) t WHERE t.code = r.code)
            """)
        return try c.query(sql.query)[0].decode("i", as: Int64?.self).map { Int($0) - 1 }
    }
}
