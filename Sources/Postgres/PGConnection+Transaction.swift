import CLibPQ
import Logging

#if canImport(Glibc)
import Glibc
#endif

extension PGConnection {
    /// Runs `body` in a transaction, committing when it returns and rolling back when it throws.
    ///
    /// A serialization failure or deadlock (SQLSTATE 40001, 40P01) reruns the whole body, up to
    /// `options.maxAttempts` times with a short jittered pause: the body must therefore have no
    /// effects outside the database.
    public func withTransaction<T>(_ options: PGTransactionOptions = PGTransactionOptions(), _ body: (PGConnection) throws -> T) throws -> T {
        try retryingTransaction(options) {
            if options.preamble.isEmpty {
                try execute(options.beginStatement)
            } else {
                _ = try pipeline([options.beginStatement] + options.preamble)
            }
            let value = try body(self)
            try commit()
            return value
        }
    }

    /// Runs `attempt` (one whole transaction) and, when it fails, rolls back; a serialization
    /// failure or deadlock reruns it after a short random pause, up to `options.maxAttempts`
    /// times. Shared by every way of running a transaction, so they retry alike.
    func retryingTransaction<T>(_ options: PGTransactionOptions, _ attempt: () throws -> T) throws -> T {
        var number = 1
        while true {
            do {
                return try attempt()
            } catch let error as PGError where error.isRetryableTransactionFailure && number < options.maxAttempts {
                rollbackQuietly()
                logger.debug("transaction retried", metadata: ["db.sqlstate": "\(error.sqlState?.rawValue ?? "")", "db.attempt": "\(number)"])
                usleep(UInt32.random(in: 1_000...(5_000 * UInt32(number))))
                number += 1
            } catch {
                rollbackQuietly()
                throw error
            }
        }
    }

    /// COMMIT of an aborted transaction "succeeds" with the tag ROLLBACK; that must not pass for
    /// a commit, or a caller would acknowledge lost work.
    private func commit() throws {
        let result = try query("COMMIT")
        let tag = String(cString: PQcmdStatus(result.handle))
        guard tag == "COMMIT" else {
            throw PGError(code: .server, sqlState: SQLState("25P02"), message: "transaction was aborted; COMMIT rolled back")
        }
    }

    func rollbackQuietly() {
        guard isConnected, !isIdle else { return }
        _ = try? executeScript("ROLLBACK")
    }
}
