import Foundation
import Postgres

extension ReportStore {
    /// Brings `tenant`'s kept participation base up to date outside any report, so markers do
    /// not pile up between reports and the next report finds little to recompute; returns how
    /// many events were recomputed. The same refresh a report runs first (`ParticipationBase`),
    /// under the same lock, in a REPEATABLE READ transaction of its own. No data cursor is
    /// needed, so writers are never held off.
    public func refreshParticipationBase(tenant: UUID) async throws -> Int {
        let scope = TrainingDatabase.tenantScope(tenant)
        return try await database.pool.withConnection { c in
            try ParticipationBase.lock(c, tenant: tenant)
            defer { ParticipationBase.unlock(c, tenant: tenant) }
            let options = PGTransactionOptions(isolation: .repeatableRead, maxAttempts: 1, preamble: [scope, Self.settings])
            return try c.withTransaction(options) { c in try ParticipationBase.refresh(c, tenant: tenant) }
        }
    }
}
