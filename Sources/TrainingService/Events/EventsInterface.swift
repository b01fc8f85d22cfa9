import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// io.trainingd.Events: events, their invitations and lifecycle (EventStore), and Watch over
/// the tenant's change log (WatchHandler).
///
/// Every handler checks in the order docs/protocol.md fixes: tenant, role, values
/// (InvalidField), then objects and state (the store's `EventError`s).
struct EventsInterface: InterfaceImplementation {
    let context: ServiceContext
    let store: EventStore

    init(context: ServiceContext) {
        self.context = context
        self.store = EventStore(database: context.database)
    }

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
        try interface.implement("CreateEvent", wrap(createEvent))
        try interface.implement("UpdateEvent", wrap(updateEvent))
        try interface.implement("SetEventStatus", wrap(setEventStatus))
        try interface.implement("GetEvent", wrap(getEvent))
        try interface.implement("ListEvents", wrap(listEvents))
        try interface.implement("InviteMunicipality", wrap(inviteMunicipality))
        let feed = ChangeFeedStore(database: context.database)
        let watch = WatchHandler(feed: feed, authorizer: context.authorizer, hub: ChangeFeedHub(feed: feed, listener: context.changes))
        try interface.implement("Watch", requiresMore: true, wrap(watch.watch))
    }

    @Sendable func createEvent(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .coordinator)
        let fields = EventFields(
            code: try EventCode.validate(try p.string("code"), field: "code"),
            title: try EventRules.title(try p.string("title")),
            modules: try EventRules.modules(try ParameterLists.strings(call, "modules") ?? []),
            venue: try SOATECode.validate(try p.string("venue"), field: "venue"),
            settlement: try p.optionalString("settlement").map { try EventRules.settlement($0) },
            firstDay: try EventRules.day(try p.string("first_day"), field: "first_day"),
            lastDay: try EventRules.day(try p.string("last_day"), field: "last_day"),
            capacity: try p.optionalInt("capacity").map { try EventRules.capacity($0) },
            trainers: try EventRules.trainers(try ParameterLists.strings(call, "trainers") ?? []),
            funder: try p.optionalString("funder").map { try EventRules.funder($0) },
            notes: try p.optionalString("notes").map { try EventRules.notes($0) })
        try fields.validate()
        var invitations: [InvitationRequest] = []
        for (index, object) in (try ParameterLists.objects(call, "invitations") ?? []).enumerated() {
            let path = "invitations[\(index)]"
            guard let code = object["municipality"]?.stringValue,
                  let role = object["role"]?.stringValue.flatMap(InviteRole.init(rawValue:))
            else { throw VarlinkError.invalidParameter(path) }
            invitations.append(InvitationRequest(municipality: try SOATECode.validate(code, field: "\(path).municipality"), role: role))
        }
        try InvitationRequest.checkDistinct(invitations)
        do {
            let created = try await store.create(tenant: tenant.id, fields: fields, invitations: invitations, byUID: call.peer.uid)
            return ["event": EventWire.event(created.event), "invitations": .array(created.invitations.map(EventWire.invitation))]
        } catch {
            throw EventErrorMapping.map(error, event: fields.code)
        }
    }

    @Sendable func updateEvent(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .coordinator)
        let reference = try EventReference.validate(try p.string("event"))
        let version = try Self.version(try p.int("version"))
        let patch = EventPatch(
            code: try p.optionalString("code").map { try EventCode.validate($0, field: "code") },
            title: try p.optionalString("title").map { try EventRules.title($0) },
            modules: try ParameterLists.strings(call, "modules").map { try EventRules.modules($0) },
            venue: try p.optionalString("venue").map { try SOATECode.validate($0, field: "venue") },
            settlement: try p.optionalString("settlement").map { try EventRules.settlement($0) },
            firstDay: try p.optionalString("first_day").map { try EventRules.day($0, field: "first_day") },
            lastDay: try p.optionalString("last_day").map { try EventRules.day($0, field: "last_day") },
            capacity: try p.optionalInt("capacity").map { try EventRules.capacity($0) },
            trainers: try ParameterLists.strings(call, "trainers").map { try EventRules.trainers($0) },
            funder: try p.optionalString("funder").map { try EventRules.funder($0) },
            notes: try p.optionalString("notes").map { try EventRules.notes($0) },
            clear: try ParameterLists.enums(call, "clear", as: ClearableField.self) ?? [])
        try patch.validate()
        do {
            let updated = try await store.update(tenant: tenant.id, reference: reference, expectedVersion: version, patch: patch, byUID: call.peer.uid)
            return ["event": EventWire.event(updated.event), "promoted": .array(updated.promoted.map { .string($0.lowercasedText) })]
        } catch {
            throw EventErrorMapping.map(error, event: reference)
        }
    }

    @Sendable func setEventStatus(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .coordinator)
        let reference = try EventReference.validate(try p.string("event"))
        guard let status = EventStatus(rawValue: try p.string("status")) else { throw VarlinkError.invalidParameter("status") }
        let version = try p.optionalInt("version").map(Self.version)
        let reason = try p.optionalString("reason").map { try EventRules.reason($0) }
        do {
            let result = try await store.setStatus(tenant: tenant.id, reference: reference, to: status, expectedVersion: version,
                                                   reason: reason, byUID: call.peer.uid)
            return ["event": EventWire.event(result.event), "previous_status": .string(result.previous.rawValue)]
        } catch {
            throw EventErrorMapping.map(error, event: reference)
        }
    }

    @Sendable func getEvent(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        let reference = try EventReference.validate(try p.string("event"))
        do {
            let detail = try await store.get(tenant: tenant.id, reference: reference)
            return [
                "event": EventWire.event(detail.event),
                "invitations": .array(detail.invitations.map(EventWire.invitation)),
                "counts": EventWire.counts(detail.counts, capacity: detail.event.fields.capacity),
                "history": .array(detail.history.map(EventWire.statusChange)),
            ]
        } catch {
            throw EventErrorMapping.map(error, event: reference)
        }
    }

    @Sendable func listEvents(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        let filter = EventFilter(
            from: try p.optionalString("from").map { try Day(iso: $0, field: "from") },
            to: try p.optionalString("to").map { try Day(iso: $0, field: "to") },
            oblast: try p.optionalString("oblast").map { try SOATECode.validate($0, field: "oblast") },
            district: try p.optionalString("district").map { try SOATECode.validate($0, field: "district") },
            municipality: try p.optionalString("municipality").map { try SOATECode.validate($0, field: "municipality") },
            statuses: try ParameterLists.enums(call, "status", as: EventStatus.self),
            search: try p.optionalString("search").map { try SearchText.validate($0) },
            page: try ListPage(limit: p.optionalInt("limit"), offset: p.optionalInt("offset")))
        if let from = filter.from, let to = filter.to, to < from {
            throw ServiceError.invalidField(field: "to", reason: "\(to) is before from (\(from))")
        }
        do {
            let result = try await store.list(tenant: tenant.id, filter: filter)
            return ["events": .array(result.events.map(EventWire.listing)), "total": .int(Int64(result.total))]
        } catch {
            throw EventErrorMapping.map(error, event: nil)
        }
    }

    @Sendable func inviteMunicipality(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .coordinator)
        let reference = try EventReference.validate(try p.string("event"))
        let municipality = try SOATECode.validate(try p.string("municipality"), field: "municipality")
        let remove = p.optionalBool("remove") ?? false
        let role = try p.optionalString("role").map { text in
            guard let role = InviteRole(rawValue: text) else { throw VarlinkError.invalidParameter("role") }
            return role
        }
        if remove && role != nil {
            throw ServiceError.invalidField(field: "role", reason: "must be absent when remove is true")
        }
        if !remove && role == nil {
            throw ServiceError.invalidField(field: "role", reason: "is required (target or neighbour) unless remove is true")
        }
        do {
            let outcome = try await store.invite(tenant: tenant.id, reference: reference, municipality: municipality, role: role, byUID: call.peer.uid)
            return [
                "invitation": outcome.invitation.map(EventWire.invitation) ?? .null,
                "previous_role": Wire.optional(outcome.previousRole?.rawValue),
                "version": .int(Int64(outcome.version)),
            ]
        } catch {
            throw EventErrorMapping.map(error, event: reference)
        }
    }

    /// `version` parameters: versions start at 1.
    static func version(_ value: Int64) throws -> Int {
        guard value >= 1 && value <= Int64(Int32.max) else {
            throw ServiceError.invalidField(field: "version", reason: "must be an event version (1 or more), got \(value)")
        }
        return Int(value)
    }
}
