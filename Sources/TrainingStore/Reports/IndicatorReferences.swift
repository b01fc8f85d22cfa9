import Foundation
import Postgres
import TrainingCore
import UUIDText

/// Checks the codes an indicator's filters name against the tenant's events and the
/// gazetteer, inside the defining transaction; events are stored as uuids, so renaming an
/// event's code does not change what the indicator counts.
enum IndicatorReferences {
    static func resolve(_ c: PGConnection, _ filters: IndicatorFilters) throws -> IndicatorFilters {
        var resolved = filters
        try check(c, filters.oblasts, table: .oblast, field: "filters.oblasts")
        try check(c, filters.districts, table: .district, field: "filters.districts")
        if let municipalities = filters.municipalities {
            let known = try existing(c, municipalities, table: .municipality)
            if let missing = municipalities.first(where: { !known.contains($0) }) { throw IndicatorStoreError.municipalityNotFound(missing) }
        }
        resolved.events = try filters.events.map { references in
            var ids: [String] = []
            for (index, reference) in references.enumerated() {
                guard let event = try EventLookup.find(c, reference) else { throw IndicatorStoreError.eventNotFound(reference) }
                let id = event.id.lowercasedText
                if let first = ids.firstIndex(of: id) {
                    throw ValidationError(field: "filters.events[\(index)]", reason: "names the same event as filters.events[\(first)]")
                }
                ids.append(id)
            }
            return ids
        }
        return resolved
    }

    private static func check(_ c: PGConnection, _ codes: [String]?, table: Table, field: String) throws {
        guard let codes else { return }
        let known = try existing(c, codes, table: table)
        if let index = codes.firstIndex(where: { !known.contains($0) }) {
            throw IndicatorStoreError.areaNotFound(field: "\(field)[\(index)]", code: codes[index])
        }
    }

    private enum Table { case oblast, district, municipality }

    private static func existing(_ c: PGConnection, _ codes: [String], table: Table) throws -> Set<String> {
        let sql: PGQuery = switch table {
        case .oblast: "SELECT code FROM oblast WHERE code = ANY(\(codes))"
        case .district: "SELECT code FROM district WHERE code = ANY(\(codes))"
        case .municipality: "SELECT code FROM municipality WHERE code = ANY(\(codes))"
        }
        return Set(try c.query(sql).rows.map { try $0.decode("code", as: String.self) })
    }
}
