import Foundation
import Postgres
import TrainingCore
import UUIDText

extension RegistrationStore {
    public struct ImportRequest: Sendable {
        public var event: String
        public var idempotencyKey: String
        public var rows: [Result<ImportRowDraft, ImportRowDraft.Invalid>]
        /// The request's rows and options in a canonical text form; its hash (with the event)
        /// tells a retry from a different import reusing the key.
        public var fingerprint: String
        public var allOrNothing: Bool
        public var dryRun: Bool
        /// The key of the import into the same event that must have committed first.
        public var after: String?
        /// The call with that key failed just before this one on the same connection: refused
        /// like a missing one, unless this call is a replay.
        public var afterFailed = false

        public init(event: String, idempotencyKey: String, rows: [Result<ImportRowDraft, ImportRowDraft.Invalid>], fingerprint: String,
                    allOrNothing: Bool = false, dryRun: Bool = false, after: String? = nil) {
            self.event = event
            self.idempotencyKey = idempotencyKey
            self.rows = rows
            self.fingerprint = fingerprint
            self.allOrNothing = allOrNothing
            self.dryRun = dryRun
            self.after = after
        }
    }

    /// ImportRegistrations' reply, stored as it was first answered so a retry gets it again.
    public struct ImportResult: Sendable, Equatable, Codable {
        public var idempotencyKey: String
        public var replayed: Bool
        public var committed: Bool
        public var summary: ImportSummary
        public var outcomes: [ImportRowOutcome]
    }

    static let importMethod = "io.trainingd.Registrations.ImportRegistrations"

    /// Imports a participant list in one transaction: validates and matches every row in
    /// memory (`ImportPlanner`), then writes new persons and registrations in bulk (COPY into
    /// temporary tables, one INSERT … SELECT each), the change log, the key with the outcome,
    /// and one audit row. A retry with the same key and rows answers the stored outcome.
    public func importRegistrations(tenant: UUID, uid: UInt32, _ request: ImportRequest) async throws -> ImportResult {
        try await database.inTenant(tenant) { c in
            guard let event = try EventLookup.find(c, request.event, forUpdate: true) else {
                throw ParticipantStoreError.eventNotFound(request.event)
            }
            let key = request.idempotencyKey
            var hash = ""
            if !request.dryRun {
                try c.query("SELECT pg_advisory_xact_lock(hashtextextended(\("trainingd.import:\(tenant.lowercasedText):\(key)"), 0))")
                hash = SHA256.hex("\(event.id.lowercasedText)\n\(request.allOrNothing)\n\(request.fingerprint)")
                if let stored = try c.query("SELECT request_hash, outcome FROM import_batch WHERE idempotency_key = \(key)").first {
                    guard try stored.decode("request_hash", as: String.self) == hash else {
                        throw ParticipantStoreError.idempotencyKeyReused(key)
                    }
                    var result = try stored.decode("outcome", as: PGJSON.self).decode(ImportResult.self)
                    result.replayed = true
                    return result
                }
            }
            if let after = request.after {
                let committed = try c.query("SELECT 1 FROM import_batch WHERE idempotency_key = \(after) AND event_id = \(event.id)").first != nil
                guard committed && !request.afterFailed else { throw ParticipantStoreError.previousImportMissing(after) }
            }
            guard EventStatus(rawValue: event.status)?.acceptsRegistrations ?? false else {
                throw ParticipantStoreError.eventNotOpen(event: event.code, status: event.status)
            }
            try PersonMatcher.lockCreation(c, tenant: tenant)
            let context = try Self.importContext(c, event: event, rows: request.rows)
            let plan = ImportPlanner.plan(request.rows, context: context)
            let summary = plan.summary
            let committed = !request.dryRun && !(request.allOrNothing && summary.rejected > 0)
            var outcomes = plan.outcomes
            if !committed {
                // Persons that would have been created do not exist: name none.
                for index in outcomes.indices where outcomes[index].personCreated { outcomes[index].personID = nil }
                return ImportResult(idempotencyKey: key, replayed: false, committed: false, summary: summary, outcomes: outcomes)
            }
            try Self.writePersons(c, tenant: tenant, plan.newPersons)
            try Self.writeRegistrations(c, tenant: tenant, uid: uid, event: event, plan.writes)
            let result = ImportResult(idempotencyKey: key, replayed: false, committed: true, summary: summary, outcomes: outcomes)
            try c.execute("""
                INSERT INTO import_batch (tenant_id, idempotency_key, event_id, request_hash, outcome, created_by)
                VALUES (\(tenant), \(key), \(event.id), \(hash), \(PGJSON(text: ImportResultJSON.text(result))), \(Int64(uid)))
                """)
            try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.importMethod, objectType: "import", objectID: key,
                                before: Optional<ImportAudit>.none,
                                after: ImportAudit(event: event.code, rows: summary.rows, created: summary.created, matched: summary.matched,
                                                   waitlisted: summary.waitlisted, rejected: summary.rejected,
                                                   people_created: summary.peopleCreated, registrations_written: plan.writes.count))
            return result
        }
    }

    struct ImportAudit: Encodable {
        var event: String
        var rows: Int
        var created: Int
        var matched: Int
        var waitlisted: Int
        var rejected: Int
        var people_created: Int
        var registrations_written: Int
    }

    /// The facts the planner needs, in at most four queries whatever the number of rows.
    static func importContext(_ c: PGConnection, event: EventSummary, rows: [Result<ImportRowDraft, ImportRowDraft.Invalid>]) throws -> ImportPlanner.Context {
        var ids: Set<String> = [], nameKeys: Set<String> = [], phones: Set<String> = [], codes: Set<String> = []
        for case .success(let row) in rows {
            if let code = row.municipalityGiven { codes.insert(code) }
            switch row.subject {
            case .existing(let id): ids.insert(id.lowercasedText)
            case .inline(let draft):
                nameKeys.insert(draft.nameKey)
                if let phone = draft.phone?.key { phones.insert(phone) }
            }
        }
        // One index probe per key (LATERAL … OFFSET 0 keeps each lookup a nested loop): with
        // thousands of keys in one `OR … = ANY` the planner scanned the whole person table,
        // once per call, growing with every call of a large import.
        let persons = try c.query("""
            SELECT id, name_key, municipality_code, phone, category FROM (
                SELECT p.* FROM unnest(\(Array(ids))::uuid[]) AS k(v) CROSS JOIN LATERAL (
                    SELECT id, name_key, municipality_code, phone, category, created_at FROM person
                    WHERE id = k.v AND merged_into IS NULL OFFSET 0) p
                UNION
                SELECT p.* FROM unnest(\(Array(nameKeys))::text[]) AS k(v) CROSS JOIN LATERAL (
                    SELECT id, name_key, municipality_code, phone, category, created_at FROM person
                    WHERE name_key = k.v AND merged_into IS NULL OFFSET 0) p
                UNION
                SELECT p.* FROM unnest(\(Array(phones))::text[]) AS k(v) CROSS JOIN LATERAL (
                    SELECT id, name_key, municipality_code, phone, category, created_at FROM person
                    WHERE phone = k.v AND merged_into IS NULL OFFSET 0) p
            ) AS found
            ORDER BY created_at, id
            """).rows.map { row in
            let municipality = try row.decode("municipality_code", as: String?.self)
            return ImportPlanner.KnownPerson(
                id: try row.decode("id"),
                identity: PersonIdentity(nameKey: try row.decode("name_key"), municipality: municipality, phoneKey: try row.decode("phone", as: String?.self)),
                category: try PersonRows.enumValue(row, "category"), municipality: municipality)
        }
        let known = Set(try c.query("SELECT code FROM municipality WHERE code = ANY(\(Array(codes)))").rows.map { try $0.decode("code", as: String.self) })
        // Only the persons found above can have a registration the rows meet (a person the
        // import creates has none), so the event's other registrations are only counted: an
        // import in several calls would otherwise read back every registration of the calls before.
        var registrations: [UUID: RegistrationStatus] = [:]
        for row in try c.query("""
            SELECT person_id, status FROM registration
            WHERE event_id = \(event.id) AND person_id = ANY(\(persons.map { $0.id.lowercasedText })::uuid[])
            """).rows {
            registrations[try row.decode("person_id")] = try PersonRows.enumValue(row, "status")
        }
        // Seats are counted only when there is a capacity to count against.
        let registered = event.capacity == nil ? 0 : try c.query("""
            SELECT count(*) AS n FROM registration WHERE event_id = \(event.id) AND status = 'registered'
            """)[0].decode("n", as: Int.self)
        return ImportPlanner.Context(capacity: event.capacity ?? Int.max, registeredCount: registered, registrations: registrations,
                                     persons: persons, municipalities: known)
    }

    static func writePersons(_ c: PGConnection, tenant: UUID, _ persons: [(id: UUID, draft: PersonDraft)]) throws {
        guard !persons.isEmpty else { return }
        try c.execute("""
            CREATE TEMP TABLE import_person (id uuid, full_name text, name_key text, search_key text, sex text, birth_year integer,
                                             disability boolean, category text, municipality_code text, phone text, phone_entered text)
            ON COMMIT DROP
            """)
        var copy = CopyText()
        for (id, draft) in persons {
            copy.row([id.lowercasedText, draft.fullName, draft.nameKey, draft.searchKey, draft.sex.rawValue, draft.birthYear.map(String.init),
                      draft.disability.map { $0 ? "t" : "f" }, draft.category.rawValue, draft.municipality, draft.phone?.key, draft.phone?.entered])
        }
        try c.copyIn("COPY import_person FROM STDIN", chunks: [copy.bytes])
        try c.execute("""
            INSERT INTO person (tenant_id, id, full_name, name_key, search_key, sex, birth_year, disability, category,
                                municipality_code, phone, phone_entered)
            SELECT \(tenant), id, full_name, name_key, search_key, sex, birth_year, disability, category, municipality_code, phone, phone_entered
            FROM import_person
            """)
    }

    /// New registrations and reactivations, numbered in row order from the arrival sequence.
    static func writeRegistrations(_ c: PGConnection, tenant: UUID, uid: UInt32, event: EventSummary, _ writes: [ImportPlanner.RegistrationWrite]) throws {
        guard !writes.isEmpty else { return }
        let numbers = try c.query("""
            SELECT nextval('registration_arrival_no_seq') AS n FROM generate_series(1, \(writes.count))
            """).rows.map { try $0.decode("n", as: Int64.self) }.sorted()
        try c.execute("""
            CREATE TEMP TABLE import_registration (person_id uuid, status text, category text, municipality_code text,
                                                   is_new boolean, arrival_no bigint)
            ON COMMIT DROP
            """)
        var copy = CopyText()
        for (write, number) in zip(writes, numbers) {
            copy.row([write.personID.lowercasedText, write.status.rawValue, write.category.rawValue, write.municipality,
                      write.isNew ? "t" : "f", String(number)])
        }
        try c.copyIn("COPY import_registration FROM STDIN", chunks: [copy.bytes])
        try c.execute("""
            INSERT INTO registration (tenant_id, event_id, person_id, status, source, arrival_no, category, municipality_code, cancelled_at)
            SELECT \(tenant), \(event.id), person_id, status, 'import', arrival_no, category, municipality_code,
                   CASE WHEN status = 'cancelled' THEN now() END
            FROM import_registration WHERE is_new
            """)
        try c.execute("""
            UPDATE registration r SET status = i.status, source = 'import', arrival_no = i.arrival_no, registered_at = now(),
                   category = i.category, municipality_code = i.municipality_code,
                   cancelled_at = CASE WHEN i.status = 'cancelled' THEN now() END, cancel_reason = NULL, updated_at = now()
            FROM import_registration i
            WHERE r.event_id = \(event.id) AND r.person_id = i.person_id AND NOT i.is_new
            """)
        // Like every change-log writer, under the tenant's change-log lock (shared) before
        // drawing seqs, so Watch never streams a later seq while these are uncommitted.
        try ChangeFeedStore.lockForWriting(c, tenant: tenant)
        try c.execute("""
            INSERT INTO change_log (tenant_id, by_uid, method, kind, event_id, event_code, person_id, registration_status)
            SELECT \(tenant), \(Int64(uid)), \(importMethod),
                   CASE WHEN is_new THEN 'registration_created' ELSE 'registration_changed' END, \(event.id), \(event.code), person_id, status
            FROM import_registration ORDER BY arrival_no
            """)
    }
}
