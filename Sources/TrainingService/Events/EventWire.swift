import Foundation
import Postgres
import TrainingCore
import UUIDText
import Varlink

/// The wire forms of io.trainingd.Events' types (Event, MunicipalityRef, Invitation,
/// EventCounts, StatusChange, EventSummary), built from the domain values.
enum EventWire {
    static func names(_ names: LocalizedNames) -> JSONValue {
        ["ru": .string(names.ru), "ky": Wire.optional(names.ky), "en": Wire.optional(names.en)]
    }

    static func municipality(_ ref: MunicipalityRef) -> JSONValue {
        ["code": .string(ref.code), "name": names(ref.names), "district": Wire.optional(ref.district), "oblast": .string(ref.oblast)]
    }

    static func event(_ event: Event) -> JSONValue {
        let f = event.fields
        return [
            "event_id": .string(event.id.lowercasedText),
            "code": .string(f.code),
            "title": .string(f.title),
            "modules": .array(f.modules.map(JSONValue.string)),
            "venue": municipality(event.venue),
            "settlement": Wire.optional(f.settlement),
            "first_day": .string(f.firstDay.description),
            "last_day": .string(f.lastDay.description),
            "days": .int(Int64(f.days)),
            "capacity": f.capacity.map { .int(Int64($0)) } ?? .null,
            "trainers": .array(f.trainers.map(JSONValue.string)),
            "funder": Wire.optional(f.funder),
            "notes": Wire.optional(f.notes),
            "status": .string(event.status.rawValue),
            "version": .int(Int64(event.version)),
            "created_at": Wire.timestamp(event.createdAt),
            "updated_at": Wire.timestamp(event.updatedAt),
        ]
    }

    static func invitation(_ invitation: Invitation) -> JSONValue {
        ["municipality": municipality(invitation.municipality), "role": .string(invitation.role.rawValue),
         "invited_at": Wire.timestamp(invitation.invitedAt)]
    }

    static func counts(_ counts: EventCounts, capacity: Int?) -> JSONValue {
        [
            "registered": .int(Int64(counts.registered)), "waitlisted": .int(Int64(counts.waitlisted)),
            "cancelled": .int(Int64(counts.cancelled)), "walk_ins": .int(Int64(counts.walkIns)),
            "attended": .int(Int64(counts.attended)),
            "seats_left": counts.seatsLeft(capacity: capacity).map { .int(Int64($0)) } ?? .null,
        ]
    }

    static func statusChange(_ change: StatusChange) -> JSONValue {
        ["from": Wire.optional(change.from?.rawValue), "to": .string(change.to.rawValue), "at": Wire.timestamp(change.at),
         "by_uid": .int(Int64(change.byUID)), "reason": Wire.optional(change.reason)]
    }

    static func listing(_ listing: EventListing) -> JSONValue {
        ["event": event(listing.event), "counts": counts(listing.counts, capacity: listing.event.fields.capacity),
         "targets": .int(Int64(listing.targets)), "neighbours": .int(Int64(listing.neighbours))]
    }
}
