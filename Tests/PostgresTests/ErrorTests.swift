import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Errors are typed by SQLSTATE and connection status")
struct ErrorTests {
    let conninfo: PGConninfo

    init() throws { conninfo = try TestPostgres.createDatabase(prefix: "errors") }

    @Test func uniqueViolationCarriesConstraintAndDetail() throws {
        let c = try TestPostgres.connect(conninfo)
        try c.executeScript("CREATE TABLE person (id int PRIMARY KEY, name text CONSTRAINT person_name_key UNIQUE)")
        try c.execute("INSERT INTO person VALUES (\(1), \("Айгүл"))")
        let error = try #require(throws: PGError.self) { try c.execute("INSERT INTO person VALUES (\(2), \("Айгүл"))") }
        #expect(error.isUniqueViolation)
        #expect(error.code == .server)
        #expect(error.constraint == "person_name_key")
        #expect(error.table == "person")
        #expect(error.detail?.contains("Айгүл") == true)
        #expect(!error.isDatabaseUnavailable)
    }

    @Test func checkAndSyntaxErrorsAreServerErrors() throws {
        let c = try TestPostgres.connect(conninfo)
        try c.executeScript("CREATE TABLE t_check (n int CONSTRAINT positive CHECK (n > 0))")
        let check = try #require(throws: PGError.self) { try c.execute("INSERT INTO t_check VALUES (\(-1))") }
        #expect(check.sqlState == .checkViolation)
        #expect(check.constraint == "positive")
        let syntax = try #require(throws: PGError.self) { try c.execute("SELEC 1") }
        #expect(syntax.sqlState == SQLState("42601"))
    }

    @Test func deadlockIsToldApart() async throws {
        let setup = try TestPostgres.connect(conninfo)
        try setup.executeScript("CREATE TABLE lockme (id int PRIMARY KEY); INSERT INTO lockme VALUES (1), (2)")
        let a = try TestPostgres.connect(conninfo)
        let b = try TestPostgres.connect(conninfo)
        // Each holds one row; then each asks for the other's: a deadlock by construction.
        try a.executeScript("BEGIN; SELECT id FROM lockme WHERE id = 1 FOR UPDATE")
        try b.executeScript("BEGIN; SELECT id FROM lockme WHERE id = 2 FOR UPDATE")
        let aPID = a.backendPID
        let first = Task.detached { () -> PGError? in
            do { try a.execute("SELECT id FROM lockme WHERE id = 2 FOR UPDATE"); return nil } catch let error as PGError { return error }
        }
        // Wait until a really waits for b's row, then close the cycle from b.
        let monitor = try TestPostgres.connect(conninfo)
        for _ in 0..<400 {
            let waiting = try monitor.query("SELECT wait_event_type = 'Lock' AS w FROM pg_stat_activity WHERE pid = \(aPID)")[0].decode("w", as: Bool?.self)
            if waiting == true { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        var secondError: PGError?
        do { try b.execute("SELECT id FROM lockme WHERE id = 1 FOR UPDATE") } catch let error as PGError { secondError = error }
        let errors = [try await first.value, secondError].compactMap { $0 }
        #expect(errors.count == 1)
        #expect(errors.first?.sqlState == .deadlockDetected)
        #expect(errors.first?.isRetryableTransactionFailure == true)
    }

    @Test func serializationFailureIsToldApart() throws {
        let a = try TestPostgres.connect(conninfo)
        let b = try TestPostgres.connect(conninfo)
        try a.executeScript("CREATE TABLE seats (n int)")
        try a.executeScript("INSERT INTO seats VALUES (0)")
        try a.executeScript("BEGIN ISOLATION LEVEL SERIALIZABLE")
        try b.executeScript("BEGIN ISOLATION LEVEL SERIALIZABLE")
        _ = try a.query("SELECT sum(n) FROM seats")
        _ = try b.query("SELECT sum(n) FROM seats")
        try a.execute("INSERT INTO seats VALUES (\(1))")
        try b.execute("INSERT INTO seats VALUES (\(1))")
        try a.executeScript("COMMIT")
        let error = try #require(throws: PGError.self) {
            try b.executeScript("COMMIT")
        }
        #expect(error.sqlState == .serializationFailure)
        #expect(error.isRetryableTransactionFailure)
    }

    @Test func terminatedBackendIsConnectionLoss() throws {
        let victim = try TestPostgres.connect(conninfo)
        let killer = try TestPostgres.connect(conninfo)
        let pid = victim.backendPID
        let killed = try killer.query("SELECT pg_terminate_backend(\(pid)) AS ok")[0].decode("ok", as: Bool.self)
        #expect(killed)
        let error = try #require(throws: PGError.self) { try victim.query("SELECT 1") }
        #expect(error.code == .connectionLost)
        #expect(error.isDatabaseUnavailable)
        #expect(!victim.isConnected)
    }

    @Test func unreachableServerIsConnectionFailure() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("no-pg-\(UUID().uuidString)").path
        let error = try #require(throws: PGError.self) {
            try PGConnection.connect(try PGConninfo("host=\(dir) port=1 dbname=x connect_timeout=2"), logger: TestPostgres.logger)
        }
        #expect(error.code == .connectionFailed)
        #expect(error.isDatabaseUnavailable)
        #expect(error.message.contains(dir))
    }

    @Test func invalidConninfoIsRefusedBeforeConnecting() throws {
        let error = try #require(throws: PGError.self) { try PGConninfo("host=/tmp nosuchkey=1") }
        #expect(error.code == .invalidConninfo)
        #expect(error.message.contains("nosuchkey"))
        #expect(throws: PGError.self) { try PGConninfo("postgresql://[broken") }
    }

    @Test func conninfoForms() throws {
        let admin = try TestPostgres.adminConninfo()
        let host = try #require(admin.explicitOptions["host"])
        let port = admin.explicitOptions["port"] ?? "5432"
        let db = try #require(conninfo.explicitOptions["dbname"])
        let hostEncoded = try #require(host.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let uri = try PGConninfo("postgresql:///\(db)?host=\(hostEncoded)&port=\(port)&user=postgres&application_name=uri-test")
        let c = try PGConnection.connect(uri, logger: TestPostgres.logger)
        let row = try c.query("SELECT current_database() AS d, current_setting('application_name') AS a")[0]
        #expect(try row.decode("d", as: String.self) == db)
        #expect(try row.decode("a", as: String.self) == "uri-test")
        let redacted = try PGConninfo("host=/tmp user=u password=secret dbname=d").redacted
        #expect(!redacted.contains("secret"))
        #expect(redacted.contains("user=u"))
    }

    @Test func passfileIsHonoured() throws {
        // scripts/test's cluster trusts only the postgres role; others need a password, which
        // libpq finds in a passfile exactly as it defines it.
        let admin = try TestPostgres.connect(conninfo)
        let role = "pw_\(UUID().uuidString.prefix(8).lowercased())"
        try admin.executeScript("CREATE ROLE \(role) LOGIN PASSWORD 'Гүлчө-2019'")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let passfile = dir.appendingPathComponent("pgpass").path
        try "*:*:*:\(role):Гүлчө-2019\n".write(toFile: passfile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passfile)
        let withoutPassword = try conninfo.replacing("user", with: role).replacing("passfile", with: dir.appendingPathComponent("none").path)
        let refused = try #require(throws: PGError.self) { try PGConnection.connect(withoutPassword, logger: TestPostgres.logger) }
        #expect(refused.code == .connectionFailed)
        let info = try conninfo.replacing("user", with: role).replacing("passfile", with: passfile)
        let c = try PGConnection.connect(info, logger: TestPostgres.logger)
        #expect(try c.query("SELECT current_user AS u")[0].decode("u", as: String.self) == role)
    }
}
