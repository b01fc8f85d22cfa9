import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// The wire forms of persons (io.trainingd.People.Person, PersonMatch, PersonHit), shared by
/// the People and Registrations interfaces, which declare the same types.
enum PersonWire {
    static func id(_ id: UUID) -> JSONValue { .string(id.lowercasedText) }

    static func person(_ person: PersonRecord) -> JSONValue {
        [
            "person_id": id(person.id),
            "full_name": .string(person.fullName),
            "sex": .string(person.sex.rawValue),
            "birth_year": person.birthYear.map { .int(Int64($0)) } ?? .null,
            "disability": person.disability.map(JSONValue.bool) ?? .null,
            "category": .string(person.category.rawValue),
            "municipality": person.municipality.map(EventWire.municipality) ?? .null,
            "phone": Wire.optional(person.phone),
            "created_at": Wire.timestamp(person.createdAt),
            "updated_at": Wire.timestamp(person.updatedAt),
        ]
    }

    static func match(_ match: PersonMatchRecord) -> JSONValue {
        ["person": person(match.person), "reasons": .array(match.reasons.map { .string($0.rawValue) })]
    }

    static func hit(_ hit: PeopleStore.Hit) -> JSONValue {
        [
            "person": person(hit.person),
            "registrations": .int(Int64(hit.registrations)),
            "events_attended": .int(Int64(hit.eventsAttended)),
            "last_attended_day": hit.lastAttendedDay.map { .string($0.description) } ?? .null,
        ]
    }
}
