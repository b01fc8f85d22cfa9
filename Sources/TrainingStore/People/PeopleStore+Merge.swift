import Foundation
import Postgres
import TrainingCore
import UUIDText

extension PeopleStore {
    /// What MergePeople did.
    public struct MergeResult: Sendable, Equatable {
        public var person: PersonRecord
        public var movedRegistrations = 0
        public var combinedRegistrations = 0
        public var movedAttendance = 0
        public var combinedAttendance = 0
        /// Waitlisted registrations promoted by seats the merge freed: (event code, person).
        public var promoted: [Promotion] = []
    }

    public struct Promotion: Sendable, Equatable, Encodable {
        public var event: String
        public var personID: UUID

        public init(event: String, personID: UUID) {
            self.event = event
            self.personID = personID
        }
    }

    /// Merges `merged` into `keep` (io.trainingd.People.MergePeople): registrations and
    /// attendance move to the kept person; where both have a registration for an event the
    /// better status and the earlier arrival remain, where both have a mark for a day the
    /// better mark remains; freed seats promote the waitlist; the merged persons are marked
    /// `merged_into` and are gone for every other call (PersonNotFound).
    ///
    /// Locks the events concerned, then the persons, so a concurrent Register (event, then
    /// person FOR SHARE) cannot slip a registration onto a person being merged.
    public func merge(tenant: UUID, uid: UInt32, keep: UUID, merged: [UUID], fillMissing: Bool) async throws -> MergeResult {
        try await database.inTenant(tenant) { c in
            let everyone = [keep] + merged
            let everyoneText = everyone.map { $0.lowercasedText }
            let mergedText = merged.map { $0.lowercasedText }
            var lockedEvents = Set<UUID>()
            func lockEvents(of people: [String]) throws {
                let ids = try c.query("""
                    SELECT id FROM event WHERE id IN (SELECT event_id FROM registration WHERE person_id = ANY(\(people)::uuid[]))
                    ORDER BY id FOR UPDATE
                    """).rows.map { try $0.decode("id", as: UUID.self) }
                lockedEvents.formUnion(ids)
            }
            try lockEvents(of: everyoneText)
            let present = Set(try c.query("""
                SELECT id FROM person WHERE id = ANY(\(everyoneText)::uuid[]) AND merged_into IS NULL ORDER BY id FOR UPDATE
                """).rows.map { try $0.decode("id", as: UUID.self) })
            if let missing = everyone.first(where: { !present.contains($0) }) { throw ParticipantStoreError.personNotFound(missing) }
            // A registration made between the first look and the person locks: lock its event too.
            try lockEvents(of: everyoneText)

            let before = try PersonRows.load(c, ids: everyone)
            var result = MergeResult(person: before[keep]!)
            let registrations = try c.query("""
                SELECT r.event_id, e.code, e.capacity, r.person_id, r.status, r.arrival_no
                FROM registration r JOIN event e ON e.id = r.event_id
                WHERE r.person_id = ANY(\(everyoneText)::uuid[])
                """).rows.map { row in
                MergeRegistration(event: try row.decode("event_id"), code: try row.decode("code"), capacity: try row.decode("capacity", as: Int?.self),
                                  person: try row.decode("person_id"), status: try PersonRows.enumValue(row, "status"),
                                  arrival: try row.decode("arrival_no"))
            }
            var kept = Dictionary(uniqueKeysWithValues: registrations.filter { $0.person == keep }.map { ($0.event, $0) })
            var freedSeats: [UUID: MergeRegistration] = [:]
            var changed: [MergeRegistration] = []
            for person in merged {
                for registration in registrations.filter({ $0.person == person }).sorted(by: { $0.arrival < $1.arrival }) {
                    if let existing = kept[registration.event] {
                        let combined = try combine(c, keep: keep, existing: existing, other: registration, result: &result)
                        if existing.status == .registered && registration.status == .registered { freedSeats[registration.event] = combined }
                        kept[registration.event] = combined
                        changed.append(combined)
                    } else {
                        result.movedAttendance += try c.query("""
                            SELECT count(*) AS n FROM attendance WHERE event_id = \(registration.event) AND person_id = \(person)
                            """)[0].decode("n", as: Int.self)
                        // attendance follows through its ON UPDATE CASCADE foreign key
                        try c.execute("""
                            UPDATE registration SET person_id = \(keep), updated_at = now()
                            WHERE event_id = \(registration.event) AND person_id = \(person)
                            """)
                        result.movedRegistrations += 1
                        var moved = registration
                        moved.person = keep
                        kept[registration.event] = moved
                        changed.append(moved)
                    }
                }
            }
            for change in changed {
                try ChangeFeedStore.record(c, tenant: tenant, Change(
                    sequence: 0, kind: .registrationChanged, at: Date(), byUID: uid, method: "io.trainingd.People.MergePeople",
                    eventID: change.event, eventCode: change.code, personID: keep, registrationStatus: change.status.rawValue))
            }
            for (event, registration) in freedSeats.sorted(by: { $0.value.code < $1.value.code }) {
                let free = try WaitlistPromotion.freeSeats(c, eventID: event, capacity: registration.capacity)
                let promoted = try WaitlistPromotion.promote(c, tenant: tenant, eventID: event, eventCode: registration.code, count: free,
                                                             byUID: uid, method: "io.trainingd.People.MergePeople")
                result.promoted += promoted.map { Promotion(event: registration.code, personID: $0) }
            }
            if fillMissing { try Self.fillMissing(c, keep: keep, from: mergedText) }
            try c.execute("UPDATE person SET merged_into = \(keep), updated_at = now() WHERE merged_into = ANY(\(mergedText)::uuid[])")
            try c.execute("UPDATE person SET merged_into = \(keep), updated_at = now() WHERE id = ANY(\(mergedText)::uuid[])")
            try c.execute("UPDATE person SET updated_at = now() WHERE id = \(keep)")
            result.person = try PersonRows.load(c, id: keep)
            try AuditLog.record(
                c, tenant: tenant, uid: uid, method: "io.trainingd.People.MergePeople", objectType: "person", objectID: keep.lowercasedText,
                before: MergeAudit.Before(keep: before[keep]!.snapshot, merged: merged.compactMap { before[$0]?.snapshot }),
                after: MergeAudit.After(person: result.person.snapshot, moved_registrations: result.movedRegistrations,
                                        combined_registrations: result.combinedRegistrations, moved_attendance: result.movedAttendance,
                                        combined_attendance: result.combinedAttendance, promoted: result.promoted))
            return result
        }
    }

    /// One registration of the persons being merged.
    struct MergeRegistration {
        var event: UUID
        var code: String
        var capacity: Int?
        var person: UUID
        var status: RegistrationStatus
        var arrival: Int64
    }

    enum MergeAudit {
        struct Before: Encodable {
            var keep: PersonSnapshot
            var merged: [PersonSnapshot]
        }

        struct After: Encodable {
            var person: PersonSnapshot
            var moved_registrations: Int
            var combined_registrations: Int
            var moved_attendance: Int
            var combined_attendance: Int
            var promoted: [Promotion]
        }
    }

    /// Folds `other`'s registration (of a merged person) into the kept person's one for the
    /// same event: the better status and the earlier arrival remain, with the snapshot, source,
    /// note and cancellation of whichever registration wins; marks of the same day keep the
    /// better status, other marks move. Returns the kept registration as it is now.
    private func combine(_ c: PGConnection, keep: UUID, existing: MergeRegistration, other: MergeRegistration,
                         result: inout MergeResult) throws -> MergeRegistration {
        let event = other.event
        // present > late > excused > absent
        try c.execute("""
            UPDATE attendance k SET status = m.status, recorded_at = m.recorded_at, recorded_by = m.recorded_by
            FROM attendance m
            WHERE k.event_id = \(event) AND k.person_id = \(keep) AND m.event_id = \(event) AND m.person_id = \(other.person)
              AND m.day = k.day
              AND array_position(ARRAY['absent', 'excused', 'late', 'present'], m.status)
                  > array_position(ARRAY['absent', 'excused', 'late', 'present'], k.status)
            """)
        result.combinedAttendance += try c.query("""
            DELETE FROM attendance m WHERE m.event_id = \(event) AND m.person_id = \(other.person)
              AND EXISTS (SELECT 1 FROM attendance k WHERE k.event_id = \(event) AND k.person_id = \(keep) AND k.day = m.day)
            """).affectedRows
        result.movedAttendance += try c.execute("""
            UPDATE attendance SET person_id = \(keep) WHERE event_id = \(event) AND person_id = \(other.person)
            """)
        let otherWins = other.status.mergeRank > existing.status.mergeRank
            || (other.status == existing.status && other.arrival < existing.arrival)
        if otherWins {
            try c.execute("""
                UPDATE registration k SET status = m.status, source = m.source, category = m.category, municipality_code = m.municipality_code,
                       note = coalesce(m.note, k.note), cancel_reason = m.cancel_reason, cancelled_at = m.cancelled_at, updated_at = now()
                FROM registration m
                WHERE k.event_id = \(event) AND k.person_id = \(keep) AND m.event_id = \(event) AND m.person_id = \(other.person)
                """)
        }
        let earliest = min(existing.arrival, other.arrival)
        try c.execute("""
            UPDATE registration k SET arrival_no = m.arrival_no, registered_at = m.registered_at, updated_at = now()
            FROM registration m
            WHERE k.event_id = \(event) AND k.person_id = \(keep) AND m.event_id = \(event) AND m.arrival_no = \(earliest)
              AND m.person_id IN (\(keep), \(other.person)) AND k.arrival_no <> m.arrival_no
            """)
        try c.execute("DELETE FROM registration WHERE event_id = \(event) AND person_id = \(other.person)")
        result.combinedRegistrations += 1
        var combined = existing
        combined.status = otherWins ? other.status : existing.status
        combined.arrival = earliest
        return combined
    }

    /// Optional attributes the kept person lacks, from the first merged person that has them.
    static func fillMissing(_ c: PGConnection, keep: UUID, from merged: [String]) throws {
        try c.execute("""
            WITH m AS (SELECT p.*, u.n FROM unnest(\(merged)::uuid[]) WITH ORDINALITY AS u(id, n) JOIN person p ON p.id = u.id)
            UPDATE person k SET
                birth_year = coalesce(k.birth_year, (SELECT birth_year FROM m WHERE birth_year IS NOT NULL ORDER BY n LIMIT 1)),
                disability = coalesce(k.disability, (SELECT disability FROM m WHERE disability IS NOT NULL ORDER BY n LIMIT 1)),
                municipality_code = coalesce(k.municipality_code,
                                             (SELECT municipality_code FROM m WHERE municipality_code IS NOT NULL ORDER BY n LIMIT 1)),
                phone_entered = CASE WHEN k.phone IS NULL
                                     THEN (SELECT phone_entered FROM m WHERE phone IS NOT NULL ORDER BY n LIMIT 1)
                                     ELSE k.phone_entered END,
                phone = coalesce(k.phone, (SELECT phone FROM m WHERE phone IS NOT NULL ORDER BY n LIMIT 1))
            WHERE k.id = \(keep)
            """)
    }
}
