import Foundation
import Postgres
import TrainingCore
import UUIDText

/// Finds likely duplicates of a person and creates persons, inside the caller's transaction:
/// the one implementation of io.trainingd.People's matching rules that AddPerson, Register,
/// ImportRegistrations (in bulk, through `ImportPlanner`) and walk-ins share.
public enum PersonMatcher {
    /// At most this many candidates are reported (the IDL's PossibleDuplicates limit).
    public static let maxCandidates = 20

    /// Serialises person creation within a tenant for the rest of the transaction, so two
    /// concurrent calls adding the same person cannot both miss each other and create two.
    public static func lockCreation(_ c: PGConnection, tenant: UUID) throws {
        try c.query("SELECT pg_advisory_xact_lock(hashtextextended(\("trainingd.person.create:\(tenant.lowercasedText)"), 0))")
    }

    /// Every likely duplicate of `identity`: exact matches first (most reasons first), then
    /// same-phone ones, oldest first within each; at most `maxCandidates`.
    public static func likelyDuplicates(_ c: PGConnection, of identity: PersonIdentity) throws -> [PersonMatchRecord] {
        let rows = try c.run("""
            SELECT \(PersonRows.columns), p.name_key AS p_name_key, p.phone AS p_phone_key
            FROM person p \(PersonRows.municipalityJoin)
            WHERE p.merged_into IS NULL AND (p.name_key = \(identity.nameKey) OR p.phone = \(identity.phoneKey))
            ORDER BY p.created_at, p.id LIMIT 500
            """)
        var matches: [PersonMatchRecord] = []
        for row in rows.rows {
            let other = PersonIdentity(nameKey: try row.decode("p_name_key"), municipality: try row.decode("p_municipality", as: String?.self),
                                       phoneKey: try row.decode("p_phone_key", as: String?.self))
            let reasons = other.matchReasons(identity)
            if !reasons.isEmpty { matches.append(PersonMatchRecord(person: try PersonRows.person(row), reasons: reasons)) }
        }
        func rank(_ m: PersonMatchRecord) -> Int { m.reasons.contains(.samePhone) ? 0 : 1 + m.reasons.count }
        let ranked = matches.enumerated().sorted { a, b in
            rank(a.element) != rank(b.element) ? rank(a.element) > rank(b.element) : a.offset < b.offset
        }.map(\.element)
        return Array(ranked.prefix(maxCandidates))
    }

    /// A person given inline: reuses the one exact match, refuses other likely duplicates
    /// (`possibleDuplicates`) unless `allowDuplicate`, else creates the person. Checks the
    /// municipality exists. Takes the creation lock.
    public static func resolveInline(_ c: PGConnection, tenant: UUID, _ draft: PersonDraft, allowDuplicate: Bool) throws -> (id: UUID, created: Bool) {
        if let code = draft.municipality { try requireMunicipality(c, code) }
        try lockCreation(c, tenant: tenant)
        let matches = allowDuplicate ? [] : try likelyDuplicates(c, of: draft.identity)
        switch InlinePersonDecision.decide(matches.map { (id: $0.person.id, reasons: $0.reasons) }, allowDuplicate: allowDuplicate) {
        case .reuse(let id): return (id, false)
        case .ambiguous: throw ParticipantStoreError.possibleDuplicates(matches)
        case .create: return (try insert(c, tenant: tenant, draft), true)
        }
    }

    /// Inserts a person (no duplicate check) and returns its id.
    @discardableResult
    public static func insert(_ c: PGConnection, tenant: UUID, _ draft: PersonDraft, id: UUID = UUID()) throws -> UUID {
        try c.execute("""
            INSERT INTO person (tenant_id, id, full_name, name_key, search_key, sex, birth_year, disability, category,
                                municipality_code, phone, phone_entered)
            VALUES (\(tenant), \(id), \(draft.fullName), \(draft.nameKey), \(draft.searchKey), \(draft.sex.rawValue), \(draft.birthYear),
                    \(draft.disability), \(draft.category.rawValue), \(draft.municipality), \(draft.phone?.key), \(draft.phone?.entered))
            """)
        return id
    }

    /// Refuses a well-formed municipality code that is not in the gazetteer.
    public static func requireMunicipality(_ c: PGConnection, _ code: String) throws {
        if try c.query("SELECT 1 FROM municipality WHERE code = \(code)").first == nil {
            throw ParticipantStoreError.municipalityNotFound(code)
        }
    }

    /// The person's current category and municipality, locked against a concurrent merge
    /// (FOR SHARE) until the transaction ends; nil when the tenant has no such person.
    static func lockPerson(_ c: PGConnection, _ id: UUID) throws -> (category: PersonCategory, municipality: String?)? {
        try c.query("SELECT category, municipality_code FROM person WHERE id = \(id) AND merged_into IS NULL FOR SHARE").first.map {
            (try PersonRows.enumValue($0, "category"), try $0.decode("municipality_code", as: String?.self))
        }
    }
}
