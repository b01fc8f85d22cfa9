import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

extension AttendanceStoreTests {
    /// UpdateEvent checks that no mark falls outside the new dates while it holds the event row
    /// locked; RecordAttendance must therefore not judge a day against dates that such an update
    /// is replacing. Here an update that moves the last day forward (day2 no longer part of the
    /// event) is in progress: the recording waits for it, then refuses day2 against the new
    /// dates, instead of writing a mark the update can no longer see. Both statement shapes.
    @Test(arguments: [false, true])
    func recordingWaitsForAnEventDateChangeInProgress(walkIn: Bool) async throws {
        let updater = try db.ownerConnection()
        try updater.executeScript("BEGIN")
        _ = try updater.query("SELECT id FROM event WHERE id = \(event) FOR UPDATE")
        try updater.execute("UPDATE event SET last_day = \(day1), version = version + 1 WHERE id = \(event)")

        let entry = walkIn ? mark(gulnara, day2, .present, walkIn: true) : mark(aigul, day2, .present)
        let recording = Task { try await record([entry]) }
        let watcher = try db.ownerConnection()
        var waiting = false
        for _ in 0..<400 {
            waiting = try watcher.query("""
                SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE NOT l.granted AND a.datname = current_database()
                """)[0].decode("n", as: Int.self) > 0
            if waiting { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(waiting, "the recording did not wait for the update in progress")
        try updater.executeScript("COMMIT")

        let refused = await #expect(throws: AttendanceStoreError.self) { _ = try await recording.value }
        #expect(refused == .rejected(.dayOutsideEvent(entry: 0, day: day2, firstDay: day1, lastDay: day1),
                                     eventCode: "OSH-2019-04-GULCHO", personID: nil))
        let marks: Int = try watcher.query("SELECT count(*) AS n FROM attendance WHERE event_id = \(event) AND day = \(day2)")[0].decode("n")
        #expect(marks == 0)
    }
}
