import Foundation
import TrainingCore
import TrainingStore
import Varlink

/// io.trainingd.Registrations: seats, the waitlist, cancellations and bulk imports.
struct RegistrationsInterface: InterfaceImplementation {
    static let name = "io.trainingd.Registrations"
    let context: ServiceContext
    let store: RegistrationStore

    init(context: ServiceContext) {
        self.context = context
        store = RegistrationStore(database: context.database)
    }

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
        try interface.implement("Register", wrap(registerPerson))
        try interface.implement("CancelRegistration", wrap(cancelRegistration))
        try interface.implement("ListRegistrations", wrap(listRegistrations))
        let importer = ImportRegistrationsHandler(context: context, store: store)
        try interface.implement("ImportRegistrations", startsEarly: true, wrap(importer.handle))
    }

    @Sendable func registerPerson(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .registrar)
        let parameters = call.parameters.objectValue ?? JSONObject()
        let event = try EventReference.validate(try p.string("event"))
        let personID = p.optionalString("person_id")
        let inline = call["person"]?.objectValue
        let subject: RegistrationStore.Subject
        switch (personID, inline) {
        case (let text?, nil):
            subject = .existing(try PersonParameters.uuid(text, field: "person_id"))
        case (nil, let object?):
            for name in ["category", "municipality"] where !(parameters[name]?.isNull ?? true) {
                throw ServiceError.invalidField(field: name, reason: "only with person_id; an inline person's own \(name) is recorded")
            }
            subject = .inline(try PersonParameters.draft(object, path: "person."), allowDuplicate: p.optionalBool("allow_duplicate") ?? false)
        case (_?, _?):
            throw ServiceError.invalidField(field: "person", reason: "give either person_id or person, not both")
        case (nil, nil):
            throw ServiceError.invalidField(field: "person_id", reason: "give person_id (an existing person) or person (a new one)")
        }
        let source: RegistrationSource = try PersonParameters.enumValue(parameters, "source", path: "") ?? .manual
        guard source != .walkIn else {
            throw ServiceError.invalidField(field: "source", reason: "walk_in registrations come only through Attendance.RecordAttendance")
        }
        let request = RegistrationStore.RegisterRequest(
            event: event, subject: subject, category: try PersonParameters.enumValue(parameters, "category", path: ""),
            municipality: try p.optionalString("municipality").map { try SOATECode.validate($0, field: "municipality") },
            source: source, note: try p.optionalString("note").flatMap { try NoteText.clean($0, field: "note") })
        let result = try await ParticipantErrors.mapping(Self.name) { try await store.register(tenant: tenant.id, uid: call.peer.uid, request) }
        return [
            "registration": RegistrationWire.registration(result.registration),
            "outcome": .string(result.outcome.rawValue),
            "person_created": .bool(result.personCreated),
        ]
    }

    @Sendable func cancelRegistration(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .registrar)
        let event = try EventReference.validate(try p.string("event"))
        let person = try PersonParameters.uuid(try p.string("person_id"), field: "person_id")
        let reason = try p.optionalString("reason").flatMap { try NoteText.clean($0, field: "reason") }
        let result = try await ParticipantErrors.mapping(Self.name) {
            try await store.cancel(tenant: tenant.id, uid: call.peer.uid, event: event, person: person, reason: reason)
        }
        return ["registration": RegistrationWire.registration(result.registration),
                "promoted": .array(result.promoted.map(RegistrationWire.registration))]
    }

    @Sendable func listRegistrations(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        let event = try p.optionalString("event").map { try EventReference.validate($0) }
        let person = try p.optionalString("person_id").map { try PersonParameters.uuid($0, field: "person_id") }
        guard event != nil || person != nil else {
            throw ServiceError.invalidField(field: "event", reason: "give event or person_id (or both)")
        }
        let query = RegistrationStore.ListQuery(
            event: event, person: person, statuses: try ParameterLists.enums(call, "status", as: RegistrationStatus.self),
            sources: try ParameterLists.enums(call, "source", as: RegistrationSource.self),
            municipality: try p.optionalString("municipality").map { try SOATECode.validate($0, field: "municipality") },
            page: try ListPage(limit: p.optionalInt("limit"), offset: p.optionalInt("offset")))
        let result = try await ParticipantErrors.mapping(Self.name) { try await store.list(tenant: tenant.id, query) }
        return [
            "registrations": .array(result.registrations.map(RegistrationWire.registration)),
            "total": .int(Int64(result.total)),
            "counts": ["registered": .int(Int64(result.counts.registered)), "waitlisted": .int(Int64(result.counts.waitlisted)),
                       "cancelled": .int(Int64(result.counts.cancelled))],
        ]
    }
}
