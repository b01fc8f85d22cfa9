import Foundation
import Postgres
import TrainingCore

/// Computes the io.trainingd.Reports reports. Each report runs in one read-only REPEATABLE
/// READ transaction, so its numbers and the change-log cursor it answers (data_cursor) come
/// from the same snapshot: the same parameters on the same cursor give the same numbers.
public struct ReportStore: Sendable {
    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    /// `body` in a read-only snapshot of `tenant`'s rows.
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
    func inSnapshot<T: Sendable>(_ tenant: UUID, _ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        let scope: PGQuery = "SELECT set_config('trainingd.tenant', \(tenant.uuidString.lowercased()), true)"
        let settings: PGQuery = "SELECT set_config('work_mem', '128MB', true), set_config('enable_nestloop', 'off', true), set_config('jit', 'off', true)"
        return try await database.pool.withTransaction(
            PGTransactionOptions(isolation: .repeatableRead, readOnly: true, preamble: [scope, settings]), body)
    }

    /// The newest change-log sequence visible in the snapshot (0 when none).
    static func sequence(_ c: PGConnection) throws -> Int64 {
        try c.query("SELECT coalesce(max(seq), 0) AS s FROM change_log")[0].decode("s", as: Int64.self)
    }
}
