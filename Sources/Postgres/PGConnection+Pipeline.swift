import CLibPQ

extension PGConnection {
    /// Sends several statements in one round trip (libpq pipeline mode) and returns each result.
    ///
    /// A transaction such as `BEGIN; SET LOCAL …; INSERT …; COMMIT` then costs one network
    /// round trip instead of five. If a statement fails, the rest up to the sync point are
    /// skipped by the server and the first error is thrown; an explicit transaction left
    /// aborted is rolled back. Keep batches small (hundreds of statements, small results):
    /// in blocking mode a huge batch can fill both socket buffers and stall.
    public func pipeline(_ queries: [PGQuery]) throws -> [PGResult] {
        guard PQenterPipelineMode(handle) == 1 else {
            throw PGError(code: .protocolViolation, message: "cannot enter pipeline mode: \(lastErrorMessage)")
        }
        var inPipeline = true
        defer { if inPipeline { PQexitPipelineMode(handle) } }
        for query in queries {
            let sent = try withParameters(query.bindings) { count, types, values in
                PQsendQueryParams(handle, query.sql, count, types, values, nil, nil, 0)
            }
            guard sent == 1 else { throw PGError(code: isConnected ? .protocolViolation : .connectionLost, message: lastErrorMessage) }
        }
        guard PQpipelineSync(handle) == 1 else { throw PGError(code: .connectionLost, message: lastErrorMessage) }

        var results: [PGResult] = []
        var firstError: PGError?
        for query in queries {
            guard let raw = PQgetResult(handle) else {
                throw PGError(code: .connectionLost, message: lastErrorMessage, query: query.sql)
            }
            let status = PQresultStatus(raw)
            if status == PGRES_PIPELINE_ABORTED {
                PQclear(raw)
            } else if status == PGRES_FATAL_ERROR {
                if firstError == nil { firstError = error(from: raw, sql: query.sql) }
                PQclear(raw)
            } else {
                results.append(PGResult(handle: raw))
            }
            // Each statement's results end with a NULL.
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        guard let sync = PQgetResult(handle) else { throw PGError(code: .connectionLost, message: lastErrorMessage) }
        let syncStatus = PQresultStatus(sync)
        PQclear(sync)
        if let firstError {
            // Out of pipeline mode first: the rollback is an ordinary statement.
            inPipeline = false
            PQexitPipelineMode(handle)
            rollbackQuietly()
            throw firstError
        }
        guard syncStatus == PGRES_PIPELINE_SYNC else {
            throw PGError(code: .protocolViolation, message: "pipeline did not end with a sync point")
        }
        return results
    }
}
