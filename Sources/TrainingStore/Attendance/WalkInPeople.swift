import Foundation
import Postgres
import TrainingCore

/// Matches or creates a walk-in given inline, by the People rules (io.trainingd.People,
/// "Matching people"): exactly one exact match is reused, so a retried call converges on the
/// same person; other likely duplicates stop the call unless `allowDuplicate`; otherwise the
/// person is created. The matching itself is `PersonMatcher`'s, shared with AddPerson,
/// Register and imports; this only says which entry a refusal concerns.
enum WalkInPeople {
    static func resolve(_ c: PGConnection, tenant: UUID, _ person: PersonDraft, allowDuplicate: Bool, entry: Int) throws -> (id: UUID, created: Bool) {
        do {
            return try PersonMatcher.resolveInline(c, tenant: tenant, person, allowDuplicate: allowDuplicate)
        } catch ParticipantStoreError.possibleDuplicates(let candidates) {
            throw AttendanceStoreError.possibleDuplicates(entry: entry, candidates: candidates)
        } catch ParticipantStoreError.municipalityNotFound(let code) {
            throw AttendanceStoreError.municipalityNotFound(code)
        }
    }
}
