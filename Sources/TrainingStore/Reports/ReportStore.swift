import Foundation
import Postgres
import TrainingCore

/// Computes the io.trainingd.Reports reports. Each report runs in one read-only REPEATABLE
/// READ transaction, so all its numbers come from the same snapshot; the change-log cursor it
/// answers (data_cursor) is read just before that snapshot (see `inSnapshot`): every change up
/// to data_cursor is counted, and later ones may be too.
public struct ReportStore: Sendable {
    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    /// `body` in a read-only snapshot of `tenant`'s rows, with the report's data_cursor.
    ///
    /// The cursor: change-log writers hold the tenant's change-log lock shared while their seqs
    /// are uncommitted, so `max(seq)` of a snapshot may be past a lower seq still in flight,
    /// which the report would not count although its cursor covers it. So first, on the same
    /// connection, a short READ COMMITTED transaction waits for those writers
    /// (`ChangeFeedStore.waitForWriters`, exclusive) and reads `max(seq)`: every seq up to it
    /// is final. It commits before the report runs, so writers never wait for a report; the
    /// snapshot taken afterwards includes every change up to the cursor (and perhaps later ones).
    ///
    /// The settings are for the participation base, which aggregates every attendance mark
    /// of the period (millions) and joins the result to registrations and people: with the
    /// default 4 MB of work memory the aggregates spill to disk, and the planner, which cannot
    /// estimate how many (event, person) pairs pass min_days_present, probes the person index
    /// once per participation where one hash of the tenant's people is several times faster
    /// (measured on 1.8 million marks: 3.7 s instead of 7.5 s on a busy 2-core machine).
    /// Disabling nested loops inflates the plan's cost estimate, which would start JIT
    /// compilation (half a second, more than a 300-event report takes), hence jit off. All
    /// last until the transaction ends.
    func inSnapshot<T: Sendable>(
        _ tenant: UUID, _ body: @escaping @Sendable (_ c: PGConnection, _ dataCursor: Int64) throws -> T
    ) async throws -> T {
        let scope: PGQuery = "SELECT set_config('trainingd.tenant', \(tenant.uuidString.lowercased()), true)"
        let settings: PGQuery = "SELECT set_config('work_mem', '128MB', true), set_config('enable_nestloop', 'off', true), set_config('jit', 'off', true)"
        return try await database.pool.withConnection { c in
            let cursor = try c.withTransaction(PGTransactionOptions(readOnly: true, preamble: [scope])) { c in
                try ChangeFeedStore.waitForWriters(c, tenant: tenant)
                return try ChangeFeedStore.finalSequence(c)
            }
            return try c.withTransaction(PGTransactionOptions(isolation: .repeatableRead, readOnly: true, preamble: [scope, settings])) { c in
                try body(c, cursor)
            }
        }
    }
}
