import CLibPQ

extension PGConnection {
    /// Streams rows to a `COPY … FROM STDIN` statement and returns the number of rows copied.
    ///
    /// `chunks` may split rows anywhere; an error thrown while producing them aborts the COPY,
    /// so nothing is half-loaded.
    @discardableResult
    public func copyIn<Chunks: Sequence>(_ statement: String, chunks: Chunks) throws -> Int where Chunks.Element == [UInt8] {
        _ = try checkResult(PQexec(handle, statement), sql: statement)
        do {
            for chunk in chunks where !chunk.isEmpty {
                let sent = chunk.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
                }
                guard sent == 1 else { throw PGError(code: .connectionLost, message: lastErrorMessage, query: statement) }
            }
        } catch {
            _ = PQputCopyEnd(handle, "aborted by client: \(error)")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw PGError(code: .connectionLost, message: lastErrorMessage) }
        guard let raw = PQgetResult(handle) else { throw PGError(code: .connectionLost, message: lastErrorMessage) }
        defer { drainResults() }
        return try checkResult(raw, sql: statement).affectedRows
    }

    private func drainResults() {
        while let extra = PQgetResult(handle) { PQclear(extra) }
    }
}
