import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

extension AttendanceStoreTests {
    /// What a recording checks (the event's dates, the person's registration) is changed by
    /// writers holding the event row FOR UPDATE: UpdateEvent, CancelRegistration and the rest.
    /// A recording that starts while such a change is in progress must wait for it and judge
    /// against its result, not against what it replaces. Here the change is made by hand in an
    /// open transaction holding the lock; then the recording runs, then the change commits.

    /// The last day moves forward, so day2 is no longer part of the event. Both statement shapes.
    @Test(arguments: [false, true])
    func recordingWaitsForAnEventDateChangeInProgress(walkIn: Bool) async throws {
        let entry = walkIn ? mark(gulnara, day2, .present, walkIn: true) : mark(aigul, day2, .present)
        let refused = try await recordDuring("UPDATE event SET last_day = \(day1), version = version + 1 WHERE id = \(event)", [entry])
        #expect(refused == .rejected(.dayOutsideEvent(entry: 0, day: day2, firstDay: day1, lastDay: day1),
                                     eventCode: "OSH-2019-04-GULCHO", personID: nil))
    }

    /// The person's registration is cancelled, so they are no longer registered to be marked.
    @Test func recordingWaitsForACancellationInProgress() async throws {
        let refused = try await recordDuring("""
            UPDATE registration SET status = 'cancelled', cancelled_at = now() WHERE event_id = \(event) AND person_id = \(aigul)
            """, [mark(aigul, day1, .present)])
        #expect(refused == .rejected(.notRegistered(entry: 0, registrationStatus: .cancelled), eventCode: "OSH-2019-04-GULCHO", personID: aigul))
    }

    /// Runs `change` in a transaction holding the event FOR UPDATE, starts recording `entries`,
    /// checks the recording waits, commits, and returns the recording's refusal (nothing written).
    private func recordDuring(_ change: PGQuery, _ entries: [AttendanceMarkInput]) async throws -> AttendanceStoreError? {
        let writer = try db.ownerConnection()
        try writer.executeScript("BEGIN")
        _ = try writer.query("SELECT id FROM event WHERE id = \(event) FOR UPDATE")
        try writer.execute(change)

        let before = try counts()
        let recording = Task { try await record(entries) }
        let watcher = try db.ownerConnection()
        let waiting = try await lockWaiters(watcher, atLeast: 1) > 0
        #expect(waiting, "the recording did not wait for the change in progress")
        try writer.executeScript("COMMIT")

        let refused = await #expect(throws: AttendanceStoreError.self) { _ = try await recording.value }
        #expect(try counts() == before, "the refused recording wrote nothing")
        return refused
    }
}
