import Foundation
import TrainingCore
import TrainingStore
import Varlink

/// io.trainingd.People: adding, finding and merging participants.
struct PeopleInterface: InterfaceImplementation {
    static let name = "io.trainingd.People"
    let context: ServiceContext
    let store: PeopleStore

    init(context: ServiceContext) {
        self.context = context
        store = PeopleStore(database: context.database)
    }

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
        try interface.implement("AddPerson", wrap(addPerson))
        try interface.implement("FindPeople", wrap(findPeople))
        try interface.implement("MergePeople", wrap(mergePeople))
    }

    @Sendable func addPerson(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .registrar)
        let draft = try PersonParameters.draft(call.parameters.objectValue ?? JSONObject(), path: "")
        let person = try await ParticipantErrors.mapping(Self.name) {
            try await store.add(tenant: tenant.id, uid: call.peer.uid, draft, allowDuplicate: p.optionalBool("allow_duplicate") ?? false)
        }
        return ["person": PersonWire.person(person)]
    }

    @Sendable func findPeople(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        var query = PeopleStore.Query(page: try ListPage(limit: p.optionalInt("limit"), offset: p.optionalInt("offset")))
        if let text = p.optionalString("query") {
            let cleaned = try TextField.clean(text, field: "query", maxLength: PersonDraft.maxNameLength)
            let digits = cleaned.filter { $0.isASCII && $0.isNumber }
            if digits.count >= 5 {
                query.phone = (String(digits), PhoneNumber.key(cleaned))
            } else {
                let words = NameKey.searchWords(cleaned)
                guard !words.isEmpty else {
                    throw ServiceError.invalidField(field: "query", reason: "must contain a letter of a name, or at least 5 digits of a phone")
                }
                query.words = words
            }
        }
        query.municipality = try p.optionalString("municipality").map { try SOATECode.validate($0, field: "municipality") }
        query.category = try PersonParameters.enumValue(call.parameters.objectValue ?? JSONObject(), "category", path: "")
        if let ids = try ParameterLists.strings(call, "person_ids") {
            guard ids.count <= 1000 else {
                throw ServiceError.invalidField(field: "person_ids", reason: "has \(ids.count) uuids; at most 1000 allowed")
            }
            query.personIDs = try ids.enumerated().map { try PersonParameters.uuid($1, field: "person_ids[\($0)]") }
        }
        let found = try await ParticipantErrors.mapping(Self.name) { try await store.find(tenant: tenant.id, query) }
        return ["people": .array(found.hits.map(PersonWire.hit)), "total": .int(Int64(found.total))]
    }

    @Sendable func mergePeople(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await context.authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .coordinator)
        let keep = try PersonParameters.uuid(try p.string("keep_person_id"), field: "keep_person_id")
        let texts = try ParameterLists.strings(call, "merge_person_ids") ?? []
        guard (1...100).contains(texts.count) else {
            throw ServiceError.invalidField(field: "merge_person_ids", reason: "must name 1 to 100 persons, got \(texts.count)")
        }
        var merged: [UUID] = []
        for (index, text) in texts.enumerated() {
            let field = "merge_person_ids[\(index)]"
            let id = try PersonParameters.uuid(text, field: field)
            guard id != keep else { throw ServiceError.invalidField(field: field, reason: "is keep_person_id; a person cannot be merged into itself") }
            guard !merged.contains(id) else { throw ServiceError.invalidField(field: field, reason: "names the same person twice") }
            merged.append(id)
        }
        let result = try await ParticipantErrors.mapping(Self.name) {
            try await store.merge(tenant: tenant.id, uid: call.peer.uid, keep: keep, merged: merged, fillMissing: p.optionalBool("fill_missing") ?? true)
        }
        return [
            "person": PersonWire.person(result.person),
            "moved_registrations": .int(Int64(result.movedRegistrations)),
            "combined_registrations": .int(Int64(result.combinedRegistrations)),
            "moved_attendance": .int(Int64(result.movedAttendance)),
            "combined_attendance": .int(Int64(result.combinedAttendance)),
            "promoted": .array(result.promoted.map { ["event": .string($0.event), "person_id": PersonWire.id($0.personID)] }),
        ]
    }
}
