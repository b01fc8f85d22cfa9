import Foundation

/// Runs one piece of blocking work (a libpq connect, a migration) on a new thread, so it never
/// occupies a thread of Swift's cooperative pool. For steady traffic use `PGConnectionPool`.
public enum BlockingThread {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}
