import Postgres
import Synchronization
import TestSupport
import Testing

@Suite("withTransaction commits, rolls back and retries")
struct TransactionTests {
    let connection: PGConnection

    init() throws {
        connection = try TestPostgres.connect(try TestPostgres.createDatabase(prefix: "tx"))
        try connection.executeScript("CREATE TABLE ledger (id serial PRIMARY KEY, note text NOT NULL)")
    }

    func count() throws -> Int { try connection.query("SELECT count(*) AS n FROM ledger")[0].decode("n", as: Int.self) }

    @Test func commitsOnReturn() throws {
        let id = try connection.withTransaction { c in
            try c.query("INSERT INTO ledger (note) VALUES (\("committed")) RETURNING id")[0].decode("id", as: Int.self)
        }
        #expect(id > 0)
        #expect(try count() == 1)
        #expect(connection.isIdle)
    }

    @Test func rollsBackOnThrow() throws {
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try connection.withTransaction { c in
                try c.execute("INSERT INTO ledger (note) VALUES (\("rolled back"))")
                throw Boom()
            }
        }
        #expect(try count() == 0)
        #expect(connection.isIdle)
    }

    @Test func retriesSerializationFailureThenCommits() throws {
        var attempts = 0
        try connection.withTransaction(PGTransactionOptions(isolation: .serializable, maxAttempts: 3)) { c in
            attempts += 1
            try c.execute("INSERT INTO ledger (note) VALUES (\("attempt \(attempts)"))")
            if attempts == 1 {
                try c.executeScript("DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '40001'; END $$")
            }
        }
        #expect(attempts == 2)
        #expect(try count() == 1)
        let note = try connection.query("SELECT note FROM ledger")[0].decode("note", as: String.self)
        #expect(note == "attempt 2")
    }

    @Test func givesUpAfterMaxAttempts() throws {
        var attempts = 0
        let error = try #require(throws: PGError.self) {
            try connection.withTransaction(PGTransactionOptions(maxAttempts: 3)) { c in
                attempts += 1
                try c.executeScript("DO $$ BEGIN RAISE EXCEPTION 'always' USING ERRCODE = '40P01'; END $$")
            }
        }
        #expect(attempts == 3)
        #expect(error.sqlState == .deadlockDetected)
    }

    @Test func swallowedErrorDoesNotPassForACommit() throws {
        let error = try #require(throws: PGError.self) {
            try connection.withTransaction { c in
                try c.execute("INSERT INTO ledger (note) VALUES (\("lost"))")
                _ = try? c.execute("SELECT 1/0")  // aborts the transaction; the body ignores it
            }
        }
        #expect(error.sqlState == SQLState("25P02"))
        #expect(try count() == 0)
    }

    @Test func nonRetryableErrorsAreNotRetried() throws {
        var attempts = 0
        #expect(throws: PGError.self) {
            try connection.withTransaction { c in
                attempts += 1
                try c.execute("INSERT INTO ledger (note) VALUES (\(Optional<String>.none))")
            }
        }
        #expect(attempts == 1)
    }
}
