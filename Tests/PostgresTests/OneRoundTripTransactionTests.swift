import Postgres
import TestSupport
import Testing

/// `transactionInOneRoundTrip`: BEGIN, preamble, the statement and COMMIT in one pipeline keep
/// every guarantee of `withTransaction`.
@Suite("transactionInOneRoundTrip commits, rolls back, retries and leaves the connection usable")
struct OneRoundTripTransactionTests {
    let connection: PGConnection

    init() throws {
        connection = try TestPostgres.connect(try TestPostgres.createDatabase(prefix: "tx1rt"))
        try connection.executeScript("""
            CREATE TABLE ledger (id serial PRIMARY KEY, note text NOT NULL, scope text);
            CREATE FUNCTION fail_first(n int) RETURNS int LANGUAGE plpgsql AS $$
            BEGIN
                IF n < 2 THEN RAISE EXCEPTION 'simulated' USING ERRCODE = '40001'; END IF;
                RETURN n;
            END $$;
            """)
    }

    func count() throws -> Int { try connection.query("SELECT count(*) AS n FROM ledger")[0].decode("n", as: Int.self) }

    @Test func commitsAndReturnsTheStatementsRowsWithThePreambleInForce() throws {
        let options = PGTransactionOptions(preamble: ["SELECT set_config('test.scope', \("tenant-a"), true)"])
        let result = try connection.transactionInOneRoundTrip(
            options, "INSERT INTO ledger (note, scope) VALUES (\("one"), current_setting('test.scope')) RETURNING id, scope")
        #expect(try result[0].decode("scope", as: String.self) == "tenant-a")
        #expect(try count() == 1)
        #expect(connection.isIdle)
        // set_config(..., true) was local to the transaction.
        let after = try connection.query("SELECT coalesce(current_setting('test.scope', true), '') AS s")[0].decode("s", as: String.self)
        #expect(after == "")
    }

    @Test func aFailingStatementRollsBackAndLeavesTheConnectionUsable() throws {
        let error = try #require(throws: PGError.self) {
            try connection.transactionInOneRoundTrip(
                PGTransactionOptions(), "INSERT INTO ledger (note) SELECT \("x") FROM generate_series(1, 2) g WHERE 1 / (g - 2) = -1")
        }
        #expect(error.sqlState == SQLState("22012"))
        #expect(connection.isIdle)
        #expect(try count() == 0)
        // Same prepared statement, run again on the same session, still works.
        try connection.transactionInOneRoundTrip(PGTransactionOptions(), "INSERT INTO ledger (note) VALUES (\("after"))")
        #expect(try count() == 1)
    }

    @Test func aFailingPreambleRunsNothing() throws {
        #expect(throws: PGError.self) {
            try connection.transactionInOneRoundTrip(
                PGTransactionOptions(preamble: ["SELECT 1 / 0"]), "INSERT INTO ledger (note) VALUES (\("never"))")
        }
        #expect(connection.isIdle)
        #expect(try count() == 0)
    }

    @Test func retriesASerializationFailureThenCommits() throws {
        // A sequence survives the rollback, so the second attempt sees 2 and passes.
        try connection.executeScript("CREATE SEQUENCE tries")
        let result = try connection.transactionInOneRoundTrip(
            PGTransactionOptions(maxAttempts: 3),
            "INSERT INTO ledger (note) VALUES ('try ' || fail_first(nextval('tries')::int)) RETURNING note")
        #expect(try result[0].decode("note", as: String.self) == "try 2")
        #expect(try count() == 1)
        #expect(connection.isIdle)
    }

    @Test func givesUpAfterMaxAttempts() throws {
        let error = try #require(throws: PGError.self) {
            try connection.transactionInOneRoundTrip(
                PGTransactionOptions(maxAttempts: 2), "SELECT fail_first(0)")
        }
        #expect(error.sqlState == .serializationFailure)
        #expect(connection.isIdle)
    }

    @Test func aDeferredConstraintFailingAtCommitIsAnError() throws {
        // The statement succeeds; COMMIT fails: that must never pass for a commit.
        try connection.executeScript("""
            CREATE TABLE parent (id int PRIMARY KEY);
            CREATE TABLE child (parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED);
            """)
        let error = try #require(throws: PGError.self) {
            try connection.transactionInOneRoundTrip(PGTransactionOptions(), "INSERT INTO child VALUES (\(42))")
        }
        #expect(error.sqlState == SQLState("23503"))
        #expect(connection.isIdle)
        #expect(try connection.query("SELECT count(*) AS n FROM child")[0].decode("n", as: Int.self) == 0)
    }
}
