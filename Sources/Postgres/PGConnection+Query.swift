import CLibPQ

extension PGConnection {
    /// Runs one statement with bound parameters and returns its rows (text format).
    @discardableResult
    public func query(_ query: PGQuery) throws -> PGResult {
        let raw = try withParameters(query.bindings) { count, types, values in
            PQexecParams(handle, query.sql, count, types, values, nil, nil, 0)
        }
        return try checkResult(raw, sql: query.sql)
    }

    /// Runs a statement and returns the number of rows it changed.
    @discardableResult
    public func execute(_ statement: PGQuery) throws -> Int { try query(statement).affectedRows }

    /// Runs a script of several statements with no parameters (the simple query protocol).
    /// Only for fixed text such as migrations: values never travel this way.
    public func executeScript(_ sql: String) throws {
        _ = try checkResult(PQexec(handle, sql), sql: String(sql.prefix(200)))
    }

    /// Turns a `PGresult` into a `PGResult` or the error it reports.
    func checkResult(_ raw: OpaquePointer?, sql: String) throws -> PGResult {
        guard let raw else {
            throw PGError(code: isConnected ? .protocolViolation : .connectionLost, message: lastErrorMessage, query: sql)
        }
        let result = PGResult(handle: raw)
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_PIPELINE_SYNC:
            return result
        default:
            throw error(from: raw, sql: sql)
        }
    }

    /// Builds a typed error from a failed result, telling a lost connection from a statement error.
    func error(from raw: OpaquePointer, sql: String) -> PGError {
        func field(_ code: UInt8) -> String? {
            guard let value = PQresultErrorField(raw, Int32(code)) else { return nil }
            return String(cString: value)
        }
        let state = field(UInt8(ascii: "C")).map(SQLState.init(rawValue:))
        let message = field(UInt8(ascii: "M")) ?? String(cString: PQresultErrorMessage(raw)).trimmingTrailingNewlines
        let lost = !isConnected || state == .adminShutdown || state == .crashShutdown
        return PGError(
            code: lost ? .connectionLost : .server, sqlState: state,
            message: message.isEmpty ? lastErrorMessage : message,
            detail: field(UInt8(ascii: "D")), hint: field(UInt8(ascii: "H")),
            constraint: field(UInt8(ascii: "n")), table: field(UInt8(ascii: "t")),
            column: field(UInt8(ascii: "c")), query: sql)
    }

    /// Lays every parameter out in one buffer of NUL-terminated strings, as libpq wants them.
    /// A NUL inside a value would silently cut it short, so it is refused the way the server
    /// refuses it in text (SQLSTATE 22021).
    func withParameters<T>(
        _ bindings: PGBindings,
        _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?) throws -> T
    ) throws -> T {
        var storage: [CChar] = []
        var offsets: [Int?] = []
        offsets.reserveCapacity(bindings.count)
        for value in bindings.values {
            guard let value else { offsets.append(nil); continue }
            guard !value.contains(0) else {
                throw PGError(code: .server, sqlState: SQLState("22021"),
                              message: "invalid byte sequence for encoding \"UTF8\": 0x00 in parameter $\(offsets.count + 1)")
            }
            offsets.append(storage.count)
            storage.append(contentsOf: value.map { CChar(bitPattern: $0) })
            storage.append(0)
        }
        let types = bindings.types.map(\.rawValue)
        return try storage.withUnsafeBufferPointer { base in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in offset.map { base.baseAddress! + $0 } }
            return try types.withUnsafeBufferPointer { typePointer in
                try pointers.withUnsafeBufferPointer { valuePointer in
                    try body(Int32(bindings.count), typePointer.baseAddress, valuePointer.baseAddress)
                }
            }
        }
    }
}
