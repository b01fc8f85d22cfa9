import Foundation
import Postgres
import TrainingCore

/// Donor indicators defined as data: the SQL behind DefineIndicator, ListIndicators and
/// ComputeIndicators (the counting itself is `IndicatorCounter`'s).
public struct IndicatorStore: Sendable {
    public static let defineMethod = "io.trainingd.Reports.DefineIndicator"

    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    /// Creates the indicator, or redefines the one with its code (version + 1). A definition
    /// identical to the stored one changes nothing: no new version, no audit row.
    /// `definition` has passed `IndicatorRules`; its event references are resolved here.
    public func define(tenant: UUID, _ definition: IndicatorDefinition, uid: UInt32) async throws -> (indicator: Indicator, created: Bool) {
        try await database.inTenant(tenant) { c in
            var resolved = definition
            resolved.filters = try IndicatorReferences.resolve(c, definition.filters)
            let filters = try PGJSON(encoding: resolved.filters)
            let names = resolved.disaggregations.map(\.rawValue)
            let inserted = try c.run("""
                INSERT INTO indicator (tenant_id, code, title, description, unit, counting_rule, since, filters, disaggregations, archived)
                VALUES (\(tenant), \(resolved.code), \(resolved.title), \(resolved.description), \(resolved.unit.rawValue),
                        \(resolved.countingRule.rawValue), \(resolved.since), \(filters), \(names), \(resolved.archived))
                ON CONFLICT (tenant_id, code) DO NOTHING
                RETURNING \(IndicatorRows.columns)
                """).first
            if let inserted {
                let created = try IndicatorRows.indicator(inserted)
                try audit(c, tenant: tenant, uid: uid, before: nil, after: created)
                return (created, true)
            }
            guard let row = try c.run("SELECT \(IndicatorRows.columns) FROM indicator WHERE code = \(resolved.code) FOR UPDATE").first else {
                throw PGError(code: .protocolViolation, message: "indicator vanished during DefineIndicator")
            }
            let before = try IndicatorRows.indicator(row)
            guard before.definition != resolved else { return (before, false) }
            let updated = try c.run("""
                UPDATE indicator SET title = \(resolved.title), description = \(resolved.description), unit = \(resolved.unit.rawValue),
                       counting_rule = \(resolved.countingRule.rawValue), since = \(resolved.since), filters = \(filters),
                       disaggregations = \(names), archived = \(resolved.archived), version = version + 1, updated_at = now()
                WHERE code = \(resolved.code)
                RETURNING \(IndicatorRows.columns)
                """)[0]
            let after = try IndicatorRows.indicator(updated)
            try audit(c, tenant: tenant, uid: uid, before: before, after: after)
            return (after, false)
        }
    }

    /// The tenant's indicators ordered by code (bytewise, so the order does not depend on the
    /// database's collation).
    public func list(tenant: UUID, includeArchived: Bool) async throws -> [Indicator] {
        try await database.inTenant(tenant, readOnly: true) { c in
            try c.run("""
                SELECT \(IndicatorRows.columns) FROM indicator WHERE \(includeArchived) OR NOT archived ORDER BY code COLLATE "C"
                """).rows.map(IndicatorRows.indicator)
        }
    }

    private func audit(_ c: PGConnection, tenant: UUID, uid: UInt32, before: Indicator?, after: Indicator) throws {
        try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.defineMethod, objectType: "indicator", objectID: after.code,
                            before: before.map(IndicatorAuditSnapshot.init), after: IndicatorAuditSnapshot(after))
    }
}
