import Foundation
import Postgres
import Testing
import TrainingCore
@testable import TrainingStore

/// sql/0014: the kept participation base must equal the one computed from the base tables
/// after every kind of write that changes a participation, whoever writes (here the owner,
/// with plain SQL, as a script would), and a write still in flight while a report refreshes
/// must reach the next report.
@Suite struct ParticipationBaseTests {
    let f: ParticipantStoreFixture

    init() async throws { f = try await ParticipantStoreFixture(prefix: "partbase") }

    /// The participation rows, computed and kept, in one refreshed snapshot, for one
    /// min_days_present; returns the kept rows after checking both are equal.
    @discardableResult
    func compare(minDays: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        let (computed, kept) = try await both(minDays: minDays)
        #expect(kept == computed, sourceLocation: sourceLocation)
        return kept
    }

    /// The computed and the kept rows, after a refresh, in one snapshot.
    func both(minDays: Int) async throws -> (computed: [String], kept: [String]) {
        try await ReportStore(database: f.db.database).inSnapshot(f.tenant.id) { c, _ in
            (try Self.rows(c, kept: false, minDays: minDays), try Self.rows(c, kept: true, minDays: minDays))
        }
    }

    static func rows(_ c: PGConnection, kept: Bool, minDays: Int) throws -> [String] {
        var sql = ReportSQL()
        sql.append("WITH ")
        ParticipationSource(filter: ParticipationFilter(eventStatuses: EventStatus.allCases, minDaysPresent: minDays),
                            base: kept ? .kept(eventNames: true) : .computed).appendCTEs(to: &sql)
        sql.append("""
             SELECT concat_ws('|', event_code, event_status, first_day, last_day, person_id, sex, birth_year, category,
                              participant_municipality, invite_role, municipality_code, oblast) AS r
            FROM participation ORDER BY 1
            """)
        return try c.query(sql.query).rows.map { try $0.decode("r", as: String.self) }
    }

    func sql(_ statement: PGQuery) throws { try f.db.ownerConnection().execute(statement) }

    @Test func everyWriteReachesTheKeptBase() async throws {
        try f.event("E1", capacity: nil)
        let a = try await f.add("Айгүл Токтогулова"), b = try await f.add("Бакыт Осмонов"), cc = try await f.add("Чолпон Ашырова")
        for person in [a, b, cc] { _ = try await f.register("E1", person.id) }
        try f.attend("E1", a.id, day: "2019-04-16", status: "present")
        try f.attend("E1", a.id, day: "2019-04-17", status: "late")
        try f.attend("E1", b.id, day: "2019-04-16", status: "absent")
        #expect(try await compare().count == 1)
        #expect(try await compare(minDays: 2).count == 1)

        // A mark's status changes; a person's sex and birth year; the event's status.
        try sql("UPDATE attendance SET status = 'present' WHERE person_id = \(b.id)")
        #expect(try await compare().count == 2)
        #expect(try await compare(minDays: 2).count == 1)
        try sql("UPDATE person SET sex = 'male', birth_year = 1980 WHERE id = \(a.id)")
        #expect(try await compare().contains { $0.contains("|male|1980|") })
        try sql("UPDATE event SET status = 'held' WHERE code = 'E1'")
        #expect(try await compare().allSatisfy { $0.hasPrefix("E1|held|") })

        // An invitation, then a registration's municipality: the invite role follows.
        try sql("""
            INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role)
            SELECT tenant_id, id, \(ParticipantStoreFixture.bulolu), 'neighbour' FROM event WHERE code = 'E1'
            """)
        #expect(try await compare().allSatisfy { $0.hasSuffix("|neighbour|41706207811000|41706000000000") })
        try sql("UPDATE registration SET municipality_code = \(ParticipantStoreFixture.gulcho) WHERE person_id = \(b.id)")
        #expect(try await compare().filter { $0.contains("|venue|") }.count == 1)

        // A write in flight while a report refreshes is not in that report, and is in the next.
        let writer = try f.db.ownerConnection()
        try writer.execute("BEGIN")
        try writer.execute("""
            INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by)
            SELECT tenant_id, id, \(cc.id), '2019-04-17', 'present', 1000 FROM event WHERE code = 'E1'
            """)
        #expect(try await compare().count == 2)
        try writer.execute("COMMIT")
        #expect(try await compare().count == 3)

        // The event's days shrink past a mark; marks are deleted; the event is cancelled.
        try sql("UPDATE event SET first_day = '2019-04-17' WHERE code = 'E1'")
        #expect(try await compare().count == 2)
        try sql("DELETE FROM attendance WHERE person_id = \(a.id)")
        #expect(try await compare().count == 1)
        try sql("UPDATE event SET status = 'cancelled' WHERE code = 'E1'")
        #expect(try await compare().allSatisfy { $0.hasPrefix("E1|cancelled|") })
    }

    @Test func mergedPeopleAndAFirstBuildMatch() async throws {
        try f.event("E2", capacity: nil)
        let keep = try await f.add("Нурлан Абдыкеров"), merged = try await f.add("Нурлан Абдыкеров", allowDuplicate: true)
        for person in [keep, merged] { _ = try await f.register("E2", person.id) }
        try f.attend("E2", keep.id, day: "2019-04-16", status: "present")
        try f.attend("E2", merged.id, day: "2019-04-17", status: "present")
        #expect(try await compare().count == 2)
        _ = try await f.people.merge(tenant: f.tenant.id, uid: 1000, keep: keep.id, merged: [merged.id], fillMissing: false)
        #expect(try await compare().count == 1)
        #expect(try await compare(minDays: 2).count == 1)

        // Rows loaded with triggers off leave no marker; forgetting the build rebuilds all.
        let loader = try f.db.ownerConnection()
        try loader.execute("SET session_replication_role = replica")
        try loader.execute("DELETE FROM attendance WHERE person_id = \(keep.id) AND day = '2019-04-17'")
        let stale = try await both(minDays: 2)
        #expect(stale.computed.isEmpty && stale.kept.count == 1)
        try sql("DELETE FROM report_participation_state")
        #expect(try await compare(minDays: 2).isEmpty)
        #expect(try await compare().count == 1)
    }

    @Test func aPersonChangedWhileTheirRegistrationCommitsReachesTheBase() async throws {
        try f.event("E3", capacity: nil)
        let person = try await f.add("Гүлнара Сыдыкова")
        #expect(try await compare().isEmpty)
        // The registration and mark commit after the sex change's trigger ran but before the
        // change commits, with a report in between: the change must still reach E3's row.
        let registering = try f.db.ownerConnection(), changing = try f.db.ownerConnection()
        try registering.execute("BEGIN")
        try registering.execute("""
            INSERT INTO registration (tenant_id, event_id, person_id, status, source, category)
            SELECT tenant_id, id, \(person.id), 'registered', 'manual', 'other' FROM event WHERE code = 'E3'
            """)
        try registering.execute("""
            INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by)
            SELECT tenant_id, id, \(person.id), '2019-04-16', 'present', 1000 FROM event WHERE code = 'E3'
            """)
        try changing.execute("BEGIN")
        try changing.execute("UPDATE person SET sex = 'male' WHERE id = \(person.id)")
        try registering.execute("COMMIT")
        #expect(try await compare().map { $0.contains("|female|") } == [true])
        try changing.execute("COMMIT")
        #expect(try await compare().map { $0.contains("|male|") } == [true])
    }

    @Test func truncatingWhatTheBaseIsKeptFromIsRefused() throws {
        let owner = try f.db.ownerConnection()
        for table in ["attendance", "registration", "event_municipality"] {
            #expect(throws: PGError.self) { try owner.execute(PGQuery(unsafeSQL: "TRUNCATE \(table) CASCADE", bindings: PGBindings())) }
        }
    }

    @Test func longCodesUnknownPlacesAndAgesAreGroupsOfTheirOwn() async throws {
        // An event code longer than the counting's byte keys (40), a participant without a
        // municipality, and no birth years: each must still form its own, correct group.
        let long = "OSH-2019-04-GULCHO-JOINT-ACTION-PLANNING-FOLLOW-UP-SESSION-2"
        #expect(long.utf8.count > 40)
        try f.event(long, capacity: nil)
        try f.event("E4", capacity: nil)
        let a = try await f.add("Асель Жумабаева"), b = try await f.add("Эрлан Турдубаев", municipality: nil)
        for event in [long, "E4"] {
            for person in [a, b] {
                _ = try await f.register(event, person.id)
                try f.attend(event, person.id, day: "2019-04-16", status: "present")
            }
        }
        var input = ParticipationRequest.Input()
        input.groupBy = [.event, .municipality, .ageBand]
        let report = try await ReportStore(database: f.db.database).participation(tenant: f.tenant.id, request: try ParticipationRequest(input))
        let keys = report.groups.map { $0.key.map(\.value) }
        #expect(keys == [["E4", ParticipantStoreFixture.bulolu, "unknown"], ["E4", nil, "unknown"],
                         [long, ParticipantStoreFixture.bulolu, "unknown"], [long, nil, "unknown"]])
        #expect(report.groups.allSatisfy { $0.measures.uniquePersons == 1 && $0.measures.participations == 1 })
        #expect(report.groups.map { $0.measures.municipalities } == [1, 0, 1, 0])
        #expect(report.groups.first { $0.key[0].value == long }?.key[0].label == "Биргелешкен пландоо")
        #expect(report.total.uniquePersons == 2 && report.total.events == 2 && report.total.participations == 4 && report.total.municipalities == 1)
    }

    @Test func manyStaleEventsAreRecomputedLikeAFew() async throws {
        // More events than ParticipationBase.probingLimit change at once (a bulk load): the
        // refresh takes its other plan and must still give the computed rows.
        let count = ParticipationBase.probingLimit + 20
        let a = try await f.add("Жылдыз Абдрахманова"), b = try await f.add("Нурбек Касымов", municipality: nil)
        #expect(try await compare().isEmpty)
        let owner = try f.db.ownerConnection()
        try owner.execute("""
            INSERT INTO event (tenant_id, code, title, venue_municipality, first_day, last_day, capacity, status)
            SELECT \(f.tenant.id), 'BULK-' || n, 'Bulk ' || n, \(ParticipantStoreFixture.gulcho), DATE '2019-04-16' + n, DATE '2019-04-17' + n, NULL, 'held'
            FROM generate_series(1, \(count)::int) AS n
            """)
        for person in [a, b] {
            try owner.execute("""
                INSERT INTO registration (tenant_id, event_id, person_id, status, source, category, municipality_code)
                SELECT tenant_id, id, \(person.id), 'registered', 'manual', 'other', \(person.id == a.id ? ParticipantStoreFixture.bulolu : nil)
                FROM event WHERE code LIKE 'BULK-%'
                """)
        }
        try owner.execute("""
            INSERT INTO attendance (tenant_id, event_id, person_id, day, status, recorded_by)
            SELECT r.tenant_id, r.event_id, r.person_id, e.first_day + (r.person_id = \(b.id))::int, 'present', 0
            FROM registration r JOIN event e ON e.tenant_id = r.tenant_id AND e.id = r.event_id WHERE e.code LIKE 'BULK-%'
            """)
        #expect(try await compare().count == 2 * count)
        #expect(try await compare(minDays: 2).isEmpty)
        try owner.execute("UPDATE attendance SET status = 'absent' WHERE person_id = \(b.id)")
        #expect(try await compare().count == count)
    }

    /// ComputeIndicators and PlanFunnel read the kept base too, each refreshing it in its own
    /// snapshot: a mark made after the base was built counts, with no Participation report
    /// in between.
    @Test func indicatorsAndTheFunnelCountAMarkMadeAfterTheBuild() async throws {
        try f.event("E5", capacity: nil)
        try sql("""
            INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role)
            SELECT tenant_id, id, \(ParticipantStoreFixture.bulolu), 'target' FROM event WHERE code = 'E5'
            """)
        let people = [try await f.add("Айгүл Токтогулова"), try await f.add("Бакыт Осмонов"), try await f.add("Чолпон Ашырова")]
        for person in people { _ = try await f.register("E5", person.id) }
        let indicators = IndicatorStore(database: f.db.database)
        _ = try await indicators.define(tenant: f.tenant.id, IndicatorRules.validate(IndicatorDefinition(
            code: "P-1", title: "Persons trained", unit: .persons, countingRule: .cumulative, since: Day(iso: "2019-01-01", field: "since"),
            filters: IndicatorFilters(), disaggregations: [.municipality])), uid: 1000)
        let today = try Day(iso: "2026-01-01", field: "today")
        func persons() async throws -> Int {
            try await indicators.compute(tenant: f.tenant.id, codes: ["P-1"], from: nil, to: today, ageBands: .standard).results[0].value.value
        }
        func funnelParticipants() async throws -> [Int] {
            try await ReportStore(database: f.db.database).planFunnel(tenant: f.tenant.id, request: PlanFunnelRequest(.init(), today: today))
                .funnel.withoutPlan.map(\.participants)
        }
        try f.attend("E5", people[0].id, day: "2019-04-16", status: "present")
        #expect(try await persons() == 1)
        #expect(try f.count("report_participation_state") == 1, "the indicator built the base")
        try f.attend("E5", people[1].id, day: "2019-04-16", status: "present")
        #expect(try await persons() == 2)
        try f.attend("E5", people[2].id, day: "2019-04-17", status: "late")
        #expect(try await funnelParticipants() == [3])
        #expect(try await persons() == 3)
        #expect(try await compare().count == 3)
    }
}
