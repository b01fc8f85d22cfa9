import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// io.trainingd.Attendance.RecordAttendance: registrar; all or nothing (calls for one event
/// arriving together share a transaction: `AttendanceGroupCommit`).
struct RecordAttendanceHandler: Sendable {
    let store: AttendanceStore
    let authorizer: Authorizer
    let runtime: ServiceRuntime

    @Sendable func handle(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .registrar)
        let reference = try p.string("event")
        guard let raw = call["entries"]?.arrayValue else { throw VarlinkError.invalidParameter("entries") }
        let limit = runtime.maxImportRows
        guard raw.count <= limit else {
            throw ServiceError.specific(name: "io.trainingd.Attendance.TooManyEntries",
                                        parameters: ["limit": .int(Int64(limit)), "entries": .int(Int64(raw.count))])
        }
        guard !raw.isEmpty else { throw ServiceError.invalidField(field: "entries", reason: "must contain at least one entry") }
        let entries = try AttendanceEntryParser().parse(raw)
        do {
            let recording = try await store.record(tenant: tenant.id, event: reference, entries: entries, uid: call.peer.uid, method: call.method)
            return Self.render(recording)
        } catch let error as AttendanceStoreError {
            throw AttendanceErrors.map(error, reference: reference)
        }
    }

    static func render(_ recording: AttendanceRecording) -> JSONValue {
        [
            "outcomes": .array(recording.outcomes.map { outcome in
                [
                    "entry": .int(Int64(outcome.entry)),
                    "person_id": .string(outcome.personID.lowercasedText),
                    "day": .string(outcome.day.description),
                    "status": .string(outcome.status.rawValue),
                    "result": .string(outcome.result.rawValue),
                    "previous_status": Wire.optional(outcome.previousStatus?.rawValue),
                    "walk_in_registered": .bool(outcome.walkInRegistered),
                    "person_created": .bool(outcome.personCreated),
                ]
            }),
            "recorded": .int(Int64(recording.count(.recorded))),
            "updated": .int(Int64(recording.count(.updated))),
            "unchanged": .int(Int64(recording.count(.unchanged))),
            "walk_ins_registered": .int(Int64(recording.walkInsRegistered)),
        ]
    }
}
