import Foundation
import TrainingCore
import TrainingStore
import Varlink

/// The wire forms of io.trainingd.Registrations' types (Registration, RowOutcome, ImportSummary).
enum RegistrationWire {
    static func registration(_ r: RegistrationRecord) -> JSONValue {
        [
            "event_id": PersonWire.id(r.eventID),
            "event_code": .string(r.eventCode),
            "person": PersonWire.person(r.person),
            "status": .string(r.status.rawValue),
            "source": .string(r.source.rawValue),
            "registered_at": Wire.timestamp(r.registeredAt),
            "status_changed_at": Wire.timestamp(r.statusChangedAt),
            "waitlist_position": r.waitlistPosition.map { .int(Int64($0)) } ?? .null,
            "category": .string(r.category.rawValue),
            "municipality": r.municipality.map(EventWire.municipality) ?? .null,
            "municipality_role": .string(r.municipalityRole.rawValue),
            "note": Wire.optional(r.note),
            "cancel_reason": Wire.optional(r.cancelReason),
            "attendance": .array(r.attendance.map { day in
                ["day": .string(day.day.description), "status": .string(day.status.rawValue),
                 "recorded_at": Wire.timestamp(day.recordedAt), "recorded_by_uid": .int(Int64(day.recordedByUID))]
            }),
        ]
    }

    static func outcome(_ o: ImportRowOutcome) -> JSONValue {
        [
            "row": .int(Int64(o.row)),
            "outcome": .string(o.outcome.rawValue),
            "person_id": o.personID.map(PersonWire.id) ?? .null,
            "person_created": .bool(o.personCreated),
            "already_registered": .bool(o.alreadyRegistered),
            "registration_status": o.registrationStatus.map { .string($0.rawValue) } ?? .null,
            "reason": Wire.optional(o.reason),
            "field": Wire.optional(o.field),
            "candidates": o.candidates.map { .array($0.map(PersonWire.id)) } ?? .null,
        ]
    }

    static func summary(_ s: ImportSummary) -> JSONValue {
        [
            "rows": .int(Int64(s.rows)), "created": .int(Int64(s.created)), "matched": .int(Int64(s.matched)),
            "waitlisted": .int(Int64(s.waitlisted)), "rejected": .int(Int64(s.rejected)), "people_created": .int(Int64(s.peopleCreated)),
        ]
    }
}
