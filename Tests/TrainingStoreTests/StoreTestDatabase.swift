import Foundation
import Postgres
import TestSupport
import TrainingStore

/// A fresh, fully migrated database for one suite.
struct StoreTestDatabase {
    let conninfo: PGConninfo
    let database: TrainingDatabase

    init(prefix: String) async throws {
        conninfo = try TestPostgres.createDatabase(prefix: prefix)
        database = TrainingDatabase(conninfo: conninfo, maxConnections: 4, logger: TestPostgres.logger)
        _ = try await database.migrate(try MigrationLoader.load(from: TestPostgres.migrationsDirectory))
    }

    /// A connection as the owning role (superuser in tests), bypassing row-level security.
    func ownerConnection() throws -> PGConnection { try TestPostgres.connect(conninfo) }
}
