import Postgres
import Testing

extension AttendanceStoreTests {
    /// How many lock requests of this test's database are waiting, polled through `watcher`
    /// until there are at least `count` or 10 s have passed (the caller asserts the number).
    /// `advisoryOnly` counts only advisory locks (the change-log lock), else any kind (row and
    /// transaction locks too).
    func lockWaiters(_ watcher: PGConnection, atLeast count: Int, advisoryOnly: Bool = false) async throws -> Int {
        var waiting = 0
        for _ in 0..<400 {
            waiting = try watcher.query("""
                SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE NOT l.granted AND a.datname = current_database() AND (NOT \(advisoryOnly) OR l.locktype = 'advisory')
                """)[0].decode("n", as: Int.self)
            if waiting >= count { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        return waiting
    }
}
