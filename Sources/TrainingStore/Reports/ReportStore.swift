import Foundation
import Postgres
import TrainingCore

/// Computes the io.trainingd.Reports reports. Each report runs in one REPEATABLE READ
/// transaction, so all its numbers come from the same snapshot, and the change-log cursor it
/// answers (data_cursor) is exactly what that snapshot holds (see `inSnapshot`): the same
/// parameters on the same cursor give the same numbers. Participation, PlanFunnel and
/// ComputeIndicators first bring the kept participation base up to date in that snapshot.
public struct ReportStore: Sendable {
    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    /// The transaction settings of every report and refresh (see `inSnapshot`).
    static let settings: PGQuery = """
        SELECT set_config('work_mem', '128MB', true), set_config('enable_nestloop', 'off', true), set_config('jit', 'off', true),
               set_config('cursor_tuple_fraction', '1', true)
        """

    /// `body` in a snapshot of `tenant`'s rows, with the report's data_cursor.
    ///
    /// The cursor: change-log writers hold the tenant's change-log lock shared while their seqs
    /// are uncommitted, so `max(seq)` of an arbitrary snapshot may be past a lower seq still in
    /// flight. So the snapshot is taken while this connection holds the lock exclusive at
    /// session level (`ChangeFeedStore.holdOffWriters`): every seq drawn so far is final, and
    /// none can be drawn until the snapshot exists, so the snapshot holds exactly the changes up
    /// to its `max(seq)`. The lock is released right after the snapshot is taken, inside the
    /// transaction, so writers wait for the start of a report (milliseconds), never for all of
    /// it; on any failure before that it is released once the transaction has rolled back.
    /// One attempt only: a rerun would take its snapshot without the lock.
    ///
    /// The settings are for computing the participation base (the first build, and refreshes
    /// of many events), which aggregates every attendance mark (millions) and joins the
    /// result to registrations and people: with the
    /// default 4 MB of work memory the aggregates spill to disk, and the planner, which cannot
    /// estimate how many (event, person) pairs pass min_days_present, probes the person index
    /// once per participation where one hash of the tenant's people is several times faster
    /// (measured on 1.8 million marks: 3.7 s instead of 7.5 s on a busy 2-core machine).
    /// Disabling nested loops inflates the plan's cost estimate, which would start JIT
    /// compilation (half a second, more than a 300-event report takes), hence jit off.
    /// Participation reads its rows through a cursor it reads to the end, so the planner is
    /// told to plan cursors for all their rows (cursor_tuple_fraction 1, not 0.1). All last
    /// until the transaction ends.
    ///
    /// The transaction is read-write: it first brings the kept participation base up to date
    /// in its own snapshot (`ParticipationBase`), under the tenant's refresh lock, taken before
    /// the snapshot and held until the transaction ends.
    func inSnapshot<T: Sendable>(
        _ tenant: UUID,
        _ body: @escaping @Sendable (_ c: PGConnection, _ dataCursor: Int64) throws -> T
    ) async throws -> T {
        let scope = TrainingDatabase.tenantScope(tenant)
        return try await database.pool.withConnection { c in
            try ParticipationBase.lock(c, tenant: tenant)
            defer { ParticipationBase.unlock(c, tenant: tenant) }
            try ChangeFeedStore.holdOffWriters(c, tenant: tenant)
            var holding = true
            defer { if holding { ChangeFeedStore.releaseWriters(c, tenant: tenant) } }
            let options = PGTransactionOptions(isolation: .repeatableRead, readOnly: false, maxAttempts: 1, preamble: [scope, Self.settings])
            return try c.withTransaction(options) { c in
                let cursor = try ChangeFeedStore.finalSequence(c)
                ChangeFeedStore.releaseWriters(c, tenant: tenant)
                holding = false
                try ParticipationBase.refresh(c, tenant: tenant)
                return try body(c, cursor)
            }
        }
    }
}
