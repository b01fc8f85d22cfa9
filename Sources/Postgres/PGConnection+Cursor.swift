import CLibPQ

extension PGConnection {
    /// Reads the open cursor `cursor` (declared in this transaction) `size` rows at a time until
    /// it is exhausted, handing each chunk to `body`. The next FETCH is sent before `body` runs,
    /// so the server produces a chunk while the caller counts the one before: a long read
    /// costs about the longer of the two instead of their sum. `cursor` must be a plain
    /// identifier (it is checked, not quoted).
    public func forEachChunk(ofCursor cursor: String, size: Int, _ body: (PGResult) throws -> Void) throws {
        guard !cursor.isEmpty, cursor.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }),
              size > 0 else {
            throw PGError(code: .protocolViolation, message: "forEachChunk needs a lower-case identifier and a positive size, got '\(cursor)', \(size)")
        }
        let fetch = "FETCH \(size) FROM \(cursor)"
        try send(fetch)
        while true {
            let chunk = try receive(fetch)
            if chunk.rowCount == 0 { return }
            try send(fetch)
            do {
                try body(chunk)
            } catch {
                _ = try? receive(fetch)
                throw error
            }
        }
    }

    private func send(_ sql: String) throws {
        guard PQsendQuery(handle, sql) == 1 else {
            throw PGError(code: isConnected ? .protocolViolation : .connectionLost, message: lastErrorMessage, query: sql)
        }
    }

    /// The result of the statement sent last, after reading every result libpq has for it.
    private func receive(_ sql: String) throws -> PGResult {
        var first: Result<PGResult, any Error>?
        while let raw = PQgetResult(handle) {
            let result = Result { try checkResult(raw, sql: sql) }
            if first == nil { first = result }
        }
        guard let first else { throw PGError(code: isConnected ? .protocolViolation : .connectionLost, message: lastErrorMessage, query: sql) }
        return try first.get()
    }
}
