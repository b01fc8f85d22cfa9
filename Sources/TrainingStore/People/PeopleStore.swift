import Foundation
import Postgres
import TrainingCore
import UUIDText

/// The SQL behind io.trainingd.People: adding, finding and merging persons.
public struct PeopleStore: Sendable {
    public let database: TrainingDatabase

    public init(database: TrainingDatabase) { self.database = database }

    /// Adds a person, refusing likely duplicates (`possibleDuplicates`) unless `allowDuplicate`.
    public func add(tenant: UUID, uid: UInt32, _ draft: PersonDraft, allowDuplicate: Bool) async throws -> PersonRecord {
        try await database.inTenant(tenant) { c in
            if let code = draft.municipality { try PersonMatcher.requireMunicipality(c, code) }
            try PersonMatcher.lockCreation(c, tenant: tenant)
            if !allowDuplicate {
                let matches = try PersonMatcher.likelyDuplicates(c, of: draft.identity)
                if !matches.isEmpty { throw ParticipantStoreError.possibleDuplicates(matches) }
            }
            let id = try PersonMatcher.insert(c, tenant: tenant, draft)
            let person = try PersonRows.load(c, id: id)
            try AuditLog.record(c, tenant: tenant, uid: uid, method: "io.trainingd.People.AddPerson", objectType: "person",
                                objectID: id.lowercasedText, before: Optional<PersonSnapshot>.none, after: person.snapshot)
            return person
        }
    }

    /// FindPeople's filters; nil means "any".
    public struct Query: Sendable {
        /// Lenient name words (each must be a prefix of a word of the name), or nil.
        public var words: [String]?
        /// Digits of a phone query and its key (national form expanded), or nil.
        public var phone: (digits: String, key: String)?
        public var municipality: String?
        public var category: PersonCategory?
        public var personIDs: [UUID]?
        public var page: ListPage

        public init(words: [String]? = nil, phone: (digits: String, key: String)? = nil, municipality: String? = nil,
                    category: PersonCategory? = nil, personIDs: [UUID]? = nil, page: ListPage = ListPage()) {
            self.words = words
            self.phone = phone
            self.municipality = municipality
            self.category = category
            self.personIDs = personIDs
            self.page = page
        }
    }

    /// A person found, with a summary of their participation.
    public struct Hit: Sendable, Equatable {
        public var person: PersonRecord
        /// Registrations not cancelled.
        public var registrations: Int
        /// Events where the person was present or late at least once.
        public var eventsAttended: Int
        public var lastAttendedDay: Day?
    }

    /// People matching every filter, by relevance when searching words, else by name.
    public func find(tenant: UUID, _ query: Query) async throws -> (hits: [Hit], total: Int) {
        let words = query.words
        let joined = words.map { $0.sorted().joined(separator: " ") }
        let ids = query.personIDs?.map { $0.lowercasedText }
        let category = query.category?.rawValue
        let (municipality, phoneDigits, phoneKey) = (query.municipality, query.phone?.digits, query.phone?.key)
        let (limit, offset) = (query.page.limit, query.page.offset)
        return try await database.inTenant(tenant, readOnly: true) { c in
            if let municipality { try PersonMatcher.requireMunicipality(c, municipality) }
            let rows = try c.run("""
                WITH f AS (SELECT \(words)::text[] AS words, \(joined)::text AS joined, \(phoneDigits)::text AS digits,
                                  \(phoneKey)::text AS phone_key, \(municipality)::text AS municipality, \(category)::text AS category,
                                  \(ids)::uuid[] AS ids),
                matched AS (
                    SELECT p.id,
                           CASE WHEN f.joined IS NULL THEN 0 ELSE (p.search_key = f.joined)::int * 1000
                                + (SELECT count(*) FROM unnest(f.words) AS q(w)
                                   WHERE strpos(' ' || p.search_key || ' ', ' ' || q.w || ' ') > 0) END
                           + CASE WHEN f.phone_key IS NOT NULL AND p.phone = f.phone_key THEN 1000 ELSE 0 END AS relevance,
                           p.full_name
                    FROM person p CROSS JOIN f
                    WHERE p.merged_into IS NULL
                      AND (f.municipality IS NULL OR p.municipality_code = f.municipality)
                      AND (f.category IS NULL OR p.category = f.category)
                      AND (f.ids IS NULL OR p.id = ANY(f.ids))
                      AND (f.digits IS NULL OR strpos(p.phone, f.digits) > 0 OR p.phone = f.phone_key)
                      AND (f.words IS NULL OR NOT EXISTS (
                            SELECT 1 FROM unnest(f.words) AS q(w) WHERE strpos(' ' || p.search_key, ' ' || q.w) = 0))),
                page AS (SELECT id, relevance, full_name FROM matched ORDER BY relevance DESC, full_name, id
                         LIMIT \(limit) OFFSET \(offset))
                SELECT t.total, pg.relevance, \(PersonRows.columns),
                       (SELECT count(*) FROM registration r WHERE r.person_id = p.id AND r.status <> 'cancelled') AS registrations,
                       (SELECT count(DISTINCT a.event_id) FROM attendance a
                        WHERE a.person_id = p.id AND a.status IN ('present', 'late')) AS events_attended,
                       (SELECT max(a.day) FROM attendance a WHERE a.person_id = p.id AND a.status IN ('present', 'late')) AS last_day
                FROM (SELECT count(*) AS total FROM matched) AS t
                LEFT JOIN page pg ON true
                LEFT JOIN person p ON p.id = pg.id
                \(PersonRows.municipalityJoin)
                ORDER BY pg.relevance DESC, pg.full_name, pg.id
                """)
            var total = 0
            var hits: [Hit] = []
            for row in rows.rows {
                total = try row.decode("total")
                guard try row.decode("p_id", as: UUID?.self) != nil else { continue }
                hits.append(Hit(person: try PersonRows.person(row), registrations: try row.decode("registrations"),
                                eventsAttended: try row.decode("events_attended"), lastAttendedDay: try row.decode("last_day", as: Day?.self)))
            }
            return (hits, total)
        }
    }
}
