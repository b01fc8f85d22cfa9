import Foundation
import Logging
import Postgres
import UUIDText

/// The daemon's access to PostgreSQL: a pool whose sessions work as the application role, and
/// transactions scoped to one tenant.
///
/// Every pooled session runs `SET ROLE trainingd_app`, a role without BYPASSRLS that owns
/// nothing, so row-level security applies to everything the daemon does; migrations use a
/// separate connection as the owning role.
public final class TrainingDatabase: Sendable {
    /// The role the daemon works as (created by sql/0001).
    public static let applicationRole = "trainingd_app"

    public let conninfo: PGConninfo
    public let pool: PGConnectionPool
    let logger: Logger

    public init(conninfo: PGConninfo, maxConnections: Int, logger: Logger) {
        self.conninfo = conninfo
        self.logger = logger
        self.pool = PGConnectionPool(
            configuration: .init(conninfo: conninfo, maxConnections: maxConnections, sessionSetup: ["SET ROLE \(Self.applicationRole)"]),
            logger: logger)
    }

    /// Applies pending migrations on a connection of its own, as the connecting (owning) role.
    public func migrate(_ migrations: [Migration]) async throws -> MigrationRunner.Report {
        let info = conninfo
        let logger = logger
        return try await BlockingThread.run {
            let connection = try PGConnection.connect(info, options: .init(applicationName: "trainingd-migrate"), logger: logger)
            return try MigrationRunner(migrations: migrations, logger: logger).migrate(connection)
        }
    }

    /// Chooses `tenant` for the rest of the transaction: row-level security shows only its rows.
    static func tenantScope(_ tenant: UUID) -> PGQuery {
        "SELECT set_config('trainingd.tenant', \(tenant.lowercasedText), true)"
    }

    /// One transaction in which only `tenant`'s rows exist (RLS via `trainingd.tenant`).
    public func inTenant<T: Sendable>(
        _ tenant: UUID, readOnly: Bool = false, _ body: @escaping @Sendable (PGConnection) throws -> T
    ) async throws -> T {
        try await pool.withTransaction(PGTransactionOptions(readOnly: readOnly, preamble: [Self.tenantScope(tenant)]), body)
    }

    /// `statement` as one transaction in `tenant`, sent with BEGIN, the tenant's `set_config`
    /// and COMMIT in a single round trip (`PGConnection.transactionInOneRoundTrip`); `decode`
    /// maps its rows after the commit, so every check that must prevent writes has to be in
    /// the statement itself. `before` runs first, in the same round trip (e.g. a row lock the
    /// statement's snapshot must come after; their results are dropped).
    public func inTenantInOneRoundTrip<T: Sendable>(
        _ tenant: UUID, before: [PGQuery] = [], _ statement: PGQuery, decode: @escaping @Sendable (PGResult) throws -> T
    ) async throws -> T {
        try await pool.withConnection { try decode(try Self.inTenantInOneRoundTrip($0, tenant, before: before, statement)) }
    }

    /// `inTenantInOneRoundTrip` on a connection the caller holds (on the pool's thread).
    static func inTenantInOneRoundTrip(_ connection: PGConnection, _ tenant: UUID, before: [PGQuery] = [], _ statement: PGQuery) throws -> PGResult {
        try connection.transactionInOneRoundTrip(PGTransactionOptions(preamble: [tenantScope(tenant)] + before), statement)
    }

    /// One transaction with no tenant chosen: tenant tables look empty; only the tenant
    /// directory and reference data are visible.
    public func withoutTenant<T: Sendable>(readOnly: Bool = false, _ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        try await pool.withTransaction(PGTransactionOptions(readOnly: readOnly), body)
    }

    public func shutdown() async { await pool.shutdown() }
}
