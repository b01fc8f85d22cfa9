import CLibPQ

/// The rows of one statement, owning libpq's `PGresult` until it is released.
///
/// Not Sendable: it lives on the thread that ran the statement, and callers map rows to their
/// own Sendable types before leaving it.
public final class PGResult {
    let handle: OpaquePointer
    public let rowCount: Int
    public let columnCount: Int

    init(handle: OpaquePointer) {
        self.handle = handle
        self.rowCount = Int(PQntuples(handle))
        self.columnCount = Int(PQnfields(handle))
    }

    deinit { PQclear(handle) }

    /// Rows changed by INSERT/UPDATE/DELETE/COPY (PQcmdTuples), 0 for other commands.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    public var columnNames: [String] { (0..<columnCount).map { String(cString: PQfname(handle, Int32($0))) } }

    public func columnIndex(_ name: String) -> Int? {
        let index = Int(PQfnumber(handle, name))
        return index >= 0 ? index : nil
    }

    public var rows: PGRowSequence { PGRowSequence(result: self) }

    public subscript(row: Int) -> PGRow {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        return PGRow(result: self, index: row)
    }

    /// The first row, or nil when the statement returned none.
    public var first: PGRow? { rowCount > 0 ? self[0] : nil }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    func withBytes<T>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        let pointer = PQgetvalue(handle, Int32(row), Int32(column))
        return try body(UnsafeRawBufferPointer(start: pointer, count: length))
    }
}

public struct PGRowSequence: Sequence {
    let result: PGResult
    public func makeIterator() -> AnyIterator<PGRow> {
        var index = 0
        return AnyIterator {
            guard index < result.rowCount else { return nil }
            defer { index += 1 }
            return PGRow(result: result, index: index)
        }
    }
}

/// One row of a `PGResult`, decoded column by column.
public struct PGRow {
    let result: PGResult
    public let index: Int

    public func isNull(_ column: Int) -> Bool { result.isNull(index, column) }

    /// Decodes a non-NULL column; a NULL is an error that names the column.
    public func decode<T: PGDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T {
        try checkColumn(column)
        guard !result.isNull(index, column) else {
            throw PGError(code: .protocolViolation, message: "column \(name(column)) is NULL, expected \(T.self)")
        }
        return try result.withBytes(index, column) { try T(pgText: $0) }
    }

    /// Decodes a column that may be NULL.
    public func decode<T: PGDecodable>(_ column: Int, as type: T?.Type) throws -> T? {
        try checkColumn(column)
        if result.isNull(index, column) { return nil }
        return try result.withBytes(index, column) { try T(pgText: $0) }
    }

    /// Hands the column's bytes (text format, as libpq holds them) to `body`, nil for NULL: for
    /// loops over many rows that number values without decoding them.
    public func withBytes<T>(_ column: Int, _ body: (UnsafeRawBufferPointer?) throws -> T) throws -> T {
        try checkColumn(column)
        if result.isNull(index, column) { return try body(nil) }
        return try result.withBytes(index, column) { try body($0) }
    }

    public func decode<T: PGDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try decode(try columnIndex(column), as: T.self)
    }

    public func decode<T: PGDecodable>(_ column: String, as type: T?.Type) throws -> T? {
        try decode(try columnIndex(column), as: T?.self)
    }

    private func columnIndex(_ name: String) throws -> Int {
        guard let column = result.columnIndex(name) else {
            throw PGError(code: .protocolViolation, message: "no column named \(name) in result")
        }
        return column
    }

    private func checkColumn(_ column: Int) throws {
        guard column >= 0 && column < result.columnCount else {
            throw PGError(code: .protocolViolation, message: "column \(column) out of range 0..<\(result.columnCount)")
        }
    }

    private func name(_ column: Int) -> String { String(cString: PQfname(result.handle, Int32(column))) }
}
