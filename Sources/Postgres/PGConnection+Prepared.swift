import CLibPQ

extension PGConnection {
    /// Runs `query` as a statement prepared once per session (named `trainingd_N`), so the
    /// server parses and plans its text once instead of on every call.
    ///
    /// Why: a large statement on the hot path (RecordAttendance's one statement is a dozen
    /// CTEs) spent more time in parse and plan (about 2.5 ms) than in execution; after five
    /// runs PostgreSQL also switches to a generic plan when it costs no more. Use it for
    /// fixed statement texts only: each distinct text keeps a prepared statement for the
    /// session's life.
    @discardableResult
    public func queryPrepared(_ query: PGQuery) throws -> PGResult {
        let name = try preparedName(for: query)
        let raw = try withParameters(query.bindings) { count, _, values in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        return try checkResult(raw, sql: query.sql)
    }

    /// The session's name for `query`'s text and parameter types, preparing it on first use
    /// (one round trip, once per session).
    func preparedName(for query: PGQuery) throws -> String {
        let types = query.bindings.types.map(\.rawValue)
        let key = types.map(String.init).joined(separator: ",") + "|" + query.sql
        if let known = preparedStatements[key] { return known }
        let name = "trainingd_\(preparedStatements.count + 1)"
        let prepared = types.withUnsafeBufferPointer { typePointer in
            PQprepare(handle, name, query.sql, Int32(types.count), typePointer.baseAddress)
        }
        _ = try checkResult(prepared, sql: query.sql)
        preparedStatements[key] = name
        return name
    }
}
