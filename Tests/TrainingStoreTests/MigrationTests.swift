import Foundation
import Postgres
import TestSupport
@testable import TrainingStore
import Testing

@Suite("Migration runner")
struct MigrationTests {
    let migrations: [Migration]

    init() throws { migrations = try MigrationLoader.load(from: TestPostgres.migrationsDirectory) }

    @Test func filesAreNumberedAndOrdered() {
        #expect(migrations.count >= 6)
        #expect(migrations.map(\.version) == Array(1...migrations.count))
        #expect(migrations.contains { $0.steps.contains { if case .copy = $0 { true } else { false } } })
    }

    @Test func concurrentRunnersApplyEachMigrationOnce() async throws {
        let conninfo = try TestPostgres.createDatabase(prefix: "mig")
        let all = migrations
        async let first = Self.run(all, conninfo)
        async let second = Self.run(all, conninfo)
        let reports = [try await first, try await second]
        let applied = reports.flatMap(\.applied)
        #expect(applied.sorted() == all.map(\.version))
        #expect(Set(reports[0].applied).isDisjoint(with: reports[1].applied))
        #expect(reports.allSatisfy { $0.schemaVersion == all.count })
        let c = try TestPostgres.connect(conninfo)
        let rows = try c.query("SELECT count(*) AS n, count(DISTINCT checksum) AS d FROM schema_migrations")[0]
        #expect(try rows.decode("n", as: Int.self) == all.count)
        #expect(try rows.decode("d", as: Int.self) == all.count)
        #expect(try await Self.run(all, conninfo).applied.isEmpty)
    }

    static func run(_ migrations: [Migration], _ conninfo: PGConninfo) async throws -> MigrationRunner.Report {
        try await BlockingThread.run {
            try MigrationRunner(migrations: migrations, logger: TestPostgres.logger).migrate(try TestPostgres.connect(conninfo))
        }
    }

    @Test func changedAppliedFileIsRefused() async throws {
        let copy = try copyOfSQL()
        let conninfo = try TestPostgres.createDatabase(prefix: "migsum")
        _ = try await Self.run(try MigrationLoader.load(from: copy), conninfo)
        let file = copy.appendingPathComponent(migrations[1].fileName)
        try (String(contentsOf: file, encoding: .utf8) + "\n-- edited after release\n").write(to: file, atomically: true, encoding: .utf8)
        let error = await #expect(throws: MigrationError.self) { try await Self.run(try MigrationLoader.load(from: copy), conninfo) }
        guard case .checksumMismatch(let version, let name, _, _) = error else { Issue.record("wrong error \(String(describing: error))"); return }
        #expect(version == 2)
        #expect(name == migrations[1].fileName)
    }

    @Test func changedDataFileIsRefused() async throws {
        let copy = try copyOfSQL()
        let conninfo = try TestPostgres.createDatabase(prefix: "migdata")
        _ = try await Self.run(try MigrationLoader.load(from: copy), conninfo)
        let csv = try #require(FileManager.default.enumerator(atPath: copy.path)?.compactMap { $0 as? String }.first { $0.hasSuffix(".csv") })
        let handle = try FileHandle(forWritingTo: copy.appendingPathComponent(csv))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n".utf8))
        try handle.close()
        await #expect(throws: MigrationError.self) { try await Self.run(try MigrationLoader.load(from: copy), conninfo) }
    }

    @Test func databaseNewerThanBinaryIsRefused() async throws {
        let conninfo = try TestPostgres.createDatabase(prefix: "mignew")
        _ = try await Self.run(migrations, conninfo)
        let error = await #expect(throws: MigrationError.self) { try await Self.run(Array(self.migrations.dropLast()), conninfo) }
        #expect(error == .unknownAppliedVersion(migrations.count, name: migrations.last!.name))
    }

    @Test func failingMigrationLeavesNoTrace() async throws {
        let copy = try copyOfSQL()
        try "CREATE TABLE half_done (id int);\nSELECT 1/0;\n".write(to: copy.appendingPathComponent("9000_broken.sql"), atomically: true, encoding: .utf8)
        let conninfo = try TestPostgres.createDatabase(prefix: "migfail")
        let error = await #expect(throws: MigrationError.self) { try await Self.run(try MigrationLoader.load(from: copy), conninfo) }
        guard case .failed(9000, "9000_broken.sql", let reason) = error else { Issue.record("wrong error \(String(describing: error))"); return }
        #expect(reason.contains("22012"))
        let c = try TestPostgres.connect(conninfo)
        #expect(try c.query("SELECT to_regclass('half_done') IS NULL AS gone")[0].decode("gone", as: Bool.self))
        #expect(try MigrationRunner.schemaVersion(c) == migrations.count)
    }

    @Test func loaderRejectsBadFiles() throws {
        let dir = try copyOfSQL()
        try "SELECT 1;".write(to: dir.appendingPathComponent("12_short.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.badFileName("12_short.sql")) { try MigrationLoader.load(from: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("12_short.sql"))
        try "\\copy t FROM 'data/missing.csv' WITH (FORMAT csv)\n".write(to: dir.appendingPathComponent("9001_missing.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.missingDataFile(file: "9001_missing.sql", line: 1, dataFile: "data/missing.csv")) {
            try MigrationLoader.load(from: dir)
        }
    }

    @Test func copyLinesTranslateLikePsql() throws {
        let (statement, file) = try CopyLine.translate(
            "\\copy gazetteer_import (a, b) FROM 'data/x.csv' WITH (FORMAT csv, HEADER true);", file: "f", line: 3)
        #expect(statement == "COPY gazetteer_import (a, b) FROM STDIN WITH (FORMAT csv, HEADER true)")
        #expect(file == "data/x.csv")
        #expect(throws: MigrationError.self) { try CopyLine.translate("\\copy t FROM '/etc/passwd'", file: "f", line: 1) }
        #expect(throws: MigrationError.self) { try CopyLine.translate("\\copy t FROM '../x.csv'", file: "f", line: 1) }
        #expect(throws: MigrationError.self) { try CopyLine.translate("\\copy t TO 'x.csv'", file: "f", line: 1) }
    }

    /// A private copy of sql/ that a test may edit.
    func copyOfSQL() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sql-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestPostgres.migrationsDirectory, to: dir)
        return dir
    }
}
