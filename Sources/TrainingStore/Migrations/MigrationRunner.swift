import Logging
import Postgres

/// Brings a database's schema up to date.
///
/// Runs under a session advisory lock, so several daemons starting at once apply each
/// migration exactly once: the others wait, then find nothing left to do. Each migration is
/// one transaction together with its row in `schema_migrations`, so a failed file leaves no
/// trace. Must run as the role that owns the schema (see DESIGN §4: the application role
/// cannot create objects).
public struct MigrationRunner: Sendable {
    /// Key of the advisory lock; arbitrary but fixed ("trainingd" in ASCII, truncated).
    static let lockKey: Int64 = 0x7472_6169_6E69_6E67

    public struct Report: Sendable, Equatable {
        /// Versions applied by this run, in order.
        public var applied: [Int]
        /// The highest version in the database after the run.
        public var schemaVersion: Int
    }

    public let migrations: [Migration]
    let logger: Logger

    public init(migrations: [Migration], logger: Logger) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies every pending migration; refuses when an applied file changed or the database
    /// knows versions this build does not.
    public func migrate(_ connection: PGConnection) throws -> Report {
        try connection.execute("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        try connection.executeScript("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version int PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                applied_by text NOT NULL DEFAULT current_user
            )
            """)
        let applied = try appliedMigrations(connection)
        try verify(applied: applied, connection)
        var report = Report(applied: [], schemaVersion: applied.keys.max() ?? 0)
        for migration in migrations where applied[migration.version] == nil {
            try apply(migration, connection)
            report.applied.append(migration.version)
            report.schemaVersion = migration.version
        }
        return report
    }

    /// The highest applied version, or 0 for an empty database.
    public static func schemaVersion(_ connection: PGConnection) throws -> Int {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS e")[0].decode("e", as: Bool.self)
        guard exists else { return 0 }
        return try connection.query("SELECT coalesce(max(version), 0) AS v FROM schema_migrations")[0].decode("v", as: Int.self)
    }

    private func appliedMigrations(_ connection: PGConnection) throws -> [Int: (name: String, checksum: String)] {
        var applied: [Int: (String, String)] = [:]
        for row in try connection.query("SELECT version, name, checksum FROM schema_migrations").rows {
            applied[try row.decode("version", as: Int.self)] = (try row.decode("name"), try row.decode("checksum"))
        }
        return applied
    }

    private func verify(applied: [Int: (name: String, checksum: String)], _ connection: PGConnection) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for (version, record) in applied.sorted(by: { $0.key < $1.key }) {
            guard let migration = known[version] else { throw MigrationError.unknownAppliedVersion(version, name: record.name) }
            let current = try checksum(of: migration, connection)
            guard current == record.checksum else {
                throw MigrationError.checksumMismatch(version: version, file: migration.fileName, applied: record.checksum, current: current)
            }
        }
    }

    private func checksum(of migration: Migration, _ connection: PGConnection) throws -> String {
        let content = String(decoding: migration.contentForChecksum, as: UTF8.self)
        return try connection.query("SELECT encode(sha256(convert_to(\(content), 'UTF8')), 'hex') AS c")[0].decode("c")
    }

    private func apply(_ migration: Migration, _ connection: PGConnection) throws {
        logger.info("applying migration", metadata: ["db.migration": "\(migration.fileName)"])
        do {
            try connection.withTransaction(PGTransactionOptions(maxAttempts: 1)) { c in
                for step in migration.steps {
                    switch step {
                    case .sql(let script): try c.executeScript(script)
                    case .copy(let statement, _, let data): try c.copyIn(statement, chunks: [data])
                    }
                }
                let sum = try checksum(of: migration, c)
                try c.execute("INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(sum))")
            }
        } catch let error as PGError {
            throw MigrationError.failed(version: migration.version, file: migration.fileName, reason: error.debugDescription)
        }
    }
}
