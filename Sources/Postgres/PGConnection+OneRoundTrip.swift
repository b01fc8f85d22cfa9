import CLibPQ

extension PGConnection {
    /// Runs `statement` as a whole transaction in ONE network round trip: BEGIN, the options'
    /// preamble (e.g. the tenant's `set_config`), the statement and COMMIT go out together in
    /// one libpq pipeline ending with a single Sync, and come back together. The preamble and
    /// the statement are prepared once per session, as `queryPrepared` does: with its event lock
    /// as a second preamble statement, parsing and planning them on every call cost
    /// RecordAttendance 17-20 % of its one-mark calls at 8 clients (same cluster, interleaved runs).
    ///
    /// Why: `withTransaction` costs three round trips for a one-statement transaction (BEGIN
    /// with its preamble, the statement, COMMIT); on a loaded machine each one is a wake-up of
    /// the backend and of the calling thread, which cost more than the statement itself for
    /// RecordAttendance's single mark (scripts/bench).
    ///
    /// The same guarantees as `withTransaction`: the COMMIT tag is checked (an aborted
    /// transaction is never reported as committed), any error rolls the transaction back and
    /// leaves the connection idle and usable (or visibly broken, for the pool to drop), and a
    /// serialization failure or deadlock reruns the whole pipeline up to `options.maxAttempts`
    /// times. The price: the caller sees the statement's rows only after the commit, so any
    /// check that must veto the commit has to be inside the statement (make it fail, or make its
    /// writes conditional), never in Swift afterwards.
    @discardableResult
    public func transactionInOneRoundTrip(_ options: PGTransactionOptions = PGTransactionOptions(), _ statement: PGQuery) throws -> PGResult {
        try retryingTransaction(options) { try runTransactionPipeline(options, statement) }
    }

    private static let commitStatement = PGQuery(unsafeSQL: "COMMIT")

    /// One attempt: sends everything, reads every result up to the Sync, leaves pipeline mode,
    /// then reports the first error (the server skipped everything after it) or the result.
    private func runTransactionPipeline(_ options: PGTransactionOptions, _ statement: PGQuery) throws -> PGResult {
        let name = try preparedName(for: statement)
        let preambleNames = try options.preamble.map { try preparedName(for: $0) }
        let leading = [options.beginStatement] + options.preamble
        guard PQenterPipelineMode(handle) == 1 else {
            throw PGError(code: .protocolViolation, message: "cannot enter pipeline mode: \(lastErrorMessage)")
        }
        var inPipeline = true
        defer { if inPipeline { PQexitPipelineMode(handle) } }

        func sendFailed() -> PGError { PGError(code: isConnected ? .protocolViolation : .connectionLost, message: lastErrorMessage) }
        guard PQsendQueryParams(handle, options.beginStatement.sql, 0, nil, nil, nil, nil, 0) == 1 else { throw sendFailed() }
        for (query, name) in zip(options.preamble, preambleNames) {
            let sent = try withParameters(query.bindings) { count, _, values in
                PQsendQueryPrepared(handle, name, count, values, nil, nil, 0)
            }
            guard sent == 1 else { throw sendFailed() }
        }
        let sent = try withParameters(statement.bindings) { count, _, values in
            PQsendQueryPrepared(handle, name, count, values, nil, nil, 0)
        }
        guard sent == 1 else { throw sendFailed() }
        guard PQsendQueryParams(handle, Self.commitStatement.sql, 0, nil, nil, nil, nil, 0) == 1 else { throw sendFailed() }
        guard PQpipelineSync(handle) == 1 else { throw PGError(code: .connectionLost, message: lastErrorMessage) }

        var firstError: PGError?
        var statementResult: PGResult?
        var commitTag: String?
        let sqls = leading.map(\.sql) + [statement.sql, Self.commitStatement.sql]
        for (index, sql) in sqls.enumerated() {
            guard let raw = PQgetResult(handle) else {
                throw PGError(code: .connectionLost, message: lastErrorMessage, query: sql)
            }
            switch PQresultStatus(raw) {
            case PGRES_PIPELINE_ABORTED:
                PQclear(raw)
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                if index == sqls.count - 1 {
                    commitTag = String(cString: PQcmdStatus(raw))
                    PQclear(raw)
                } else if index == sqls.count - 2 {
                    statementResult = PGResult(handle: raw)
                } else {
                    PQclear(raw)
                }
            default:
                if firstError == nil { firstError = error(from: raw, sql: sql) }
                PQclear(raw)
            }
            // Each statement's results end with a NULL.
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        guard let sync = PQgetResult(handle) else { throw PGError(code: .connectionLost, message: lastErrorMessage) }
        let syncStatus = PQresultStatus(sync)
        PQclear(sync)
        inPipeline = false
        PQexitPipelineMode(handle)
        if let firstError { throw firstError }
        guard syncStatus == PGRES_PIPELINE_SYNC else {
            throw PGError(code: .protocolViolation, message: "pipeline did not end with a sync point")
        }
        // COMMIT of an aborted transaction "succeeds" with the tag ROLLBACK.
        guard commitTag == "COMMIT", let statementResult else {
            throw PGError(code: .server, sqlState: SQLState("25P02"), message: "transaction was aborted; COMMIT rolled back")
        }
        return statementResult
    }
}
