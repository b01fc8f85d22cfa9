import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

/// ListEvents in the store: each filter, their combination, search, paging and counts.
@Suite("Event store: listing")
struct EventQueryStoreTests {
    typealias F = EventTestFixtures
    let db: StoreTestDatabase
    let store: EventStore
    let tenant: Tenant

    /// Four events: Gülchö (Alai, April 2019, inviting Chong-Alai district municipalities),
    /// Sary-Tash (Alai, May 2019, scheduled), Naryn (June 2019, cancelled), Chüy (2020).
    init() async throws {
        db = try await StoreTestDatabase(prefix: "evlist")
        store = EventStore(database: db.database)
        tenant = try await F.tenant(db, "list")
        _ = try await store.create(tenant: tenant.id, fields: F.gulchoFields(), invitations: F.gulchoInvitations, byUID: 0)
        var saryTash = F.gulchoFields(code: "OSH-2019-05-SARY-TASH")
        saryTash.title = "Бюджеттик процесс"
        saryTash.venue = "41706207844000"
        saryTash.firstDay = F.day("2019-05-20")
        saryTash.lastDay = F.day("2019-05-22")
        _ = try await store.create(tenant: tenant.id, fields: saryTash, invitations: [InvitationRequest(municipality: F.lenin, role: .target)], byUID: 0)
        _ = try await store.setStatus(tenant: tenant.id, reference: saryTash.code, to: .scheduled, expectedVersion: nil, reason: nil, byUID: 0)
        var naryn = F.gulchoFields(code: "NARYN-2019-06")
        naryn.title = "Жергиликтүү кеңеш"
        naryn.venue = try await Self.firstMunicipality(db, oblast: F.naryn)
        naryn.firstDay = F.day("2019-06-01")
        naryn.lastDay = F.day("2019-06-01")
        _ = try await store.create(tenant: tenant.id, fields: naryn, invitations: [], byUID: 0)
        _ = try await store.setStatus(tenant: tenant.id, reference: naryn.code, to: .cancelled, expectedVersion: nil, reason: nil, byUID: 0)
        var chuy = F.gulchoFields(code: "CHUY-2020")
        chuy.venue = F.leninChuy
        chuy.firstDay = F.day("2020-03-02")
        chuy.lastDay = F.day("2020-03-03")
        _ = try await store.create(tenant: tenant.id, fields: chuy, invitations: [], byUID: 0)
    }

    static func firstMunicipality(_ db: StoreTestDatabase, oblast: String) async throws -> String {
        try await GeographyStore(database: db.database).municipalities(MunicipalityFilter(oblast: oblast, page: ListPage(limit: 1))).municipalities[0].code
    }

    func codes(_ filter: EventFilter) async throws -> [String] {
        try await store.list(tenant: tenant.id, filter: filter).events.map(\.event.fields.code)
    }

    @Test func newestFirstWithCounts() async throws {
        let all = try await store.list(tenant: tenant.id, filter: EventFilter())
        #expect(all.total == 4)
        #expect(all.events.map(\.event.fields.code) == ["CHUY-2020", "NARYN-2019-06", "OSH-2019-05-SARY-TASH", "OSH-2019-04-GULCHO"])
        let gulcho = try #require(all.events.last)
        #expect(gulcho.targets == 2 && gulcho.neighbours == 3)
        #expect(gulcho.counts == EventCounts())
    }

    @Test func byPeriod() async throws {
        #expect(try await codes(EventFilter(from: F.day("2019-04-16"), to: F.day("2019-04-16"))) == ["OSH-2019-04-GULCHO"])
        // Overlap: an event running 20-22 May is in a period starting on the 22nd.
        #expect(try await codes(EventFilter(from: F.day("2019-05-22"), to: F.day("2019-12-31"))) == ["NARYN-2019-06", "OSH-2019-05-SARY-TASH"])
        #expect(try await codes(EventFilter(from: F.day("2019-05-23"), to: F.day("2019-05-31"))).isEmpty)
        #expect(try await codes(EventFilter(from: F.day("2020-01-01"))) == ["CHUY-2020"])
        #expect(try await codes(EventFilter(to: F.day("2019-04-30"))) == ["OSH-2019-04-GULCHO"])
    }

    @Test func byPlaceOfVenueOrInvitation() async throws {
        #expect(try await codes(EventFilter(oblast: F.osh)) == ["OSH-2019-05-SARY-TASH", "OSH-2019-04-GULCHO"])
        #expect(try await codes(EventFilter(oblast: F.chuy)) == ["CHUY-2020"])
        #expect(try await codes(EventFilter(district: F.alai)) == ["OSH-2019-05-SARY-TASH", "OSH-2019-04-GULCHO"])
        // Chong-Alai district: no venue there, but Gülchö invites two of its municipalities.
        #expect(try await codes(EventFilter(district: F.chongAlaiDistrict)) == ["OSH-2019-04-GULCHO"])
        #expect(try await codes(EventFilter(municipality: F.gulcho)) == ["OSH-2019-04-GULCHO"])
        #expect(try await codes(EventFilter(municipality: F.lenin)) == ["OSH-2019-05-SARY-TASH", "OSH-2019-04-GULCHO"])
        #expect(try await codes(EventFilter(municipality: F.kashkaSuu)) == ["OSH-2019-04-GULCHO"])
        #expect(try await codes(EventFilter(municipality: F.leninChuy)) == ["CHUY-2020"])
        await #expect(throws: EventError.areaNotFound(field: "oblast", code: "41799000000000")) {
            try await store.list(tenant: tenant.id, filter: EventFilter(oblast: "41799000000000"))
        }
        await #expect(throws: EventError.areaNotFound(field: "district", code: "41706999000000")) {
            try await store.list(tenant: tenant.id, filter: EventFilter(district: "41706999000000"))
        }
        await #expect(throws: EventError.municipalityNotFound("41706207899999")) {
            try await store.list(tenant: tenant.id, filter: EventFilter(municipality: "41706207899999"))
        }
    }

    @Test func byStatusAndText() async throws {
        #expect(try await codes(EventFilter(statuses: [.draft])) == ["CHUY-2020", "OSH-2019-04-GULCHO"])
        #expect(try await codes(EventFilter(statuses: [.scheduled, .cancelled])) == ["NARYN-2019-06", "OSH-2019-05-SARY-TASH"])
        #expect(try await codes(EventFilter(statuses: [.closed])).isEmpty)
        #expect(try await codes(EventFilter(search: "gulcho")) == ["OSH-2019-04-GULCHO"])
        #expect(try await codes(EventFilter(search: "БЮДЖЕТ")) == ["OSH-2019-05-SARY-TASH"])
        #expect(try await codes(EventFilter(search: "кеңеш")) == ["NARYN-2019-06"])
        #expect(try await codes(EventFilter(search: "kenesh")) == ["NARYN-2019-06"])
        #expect(try await codes(EventFilter(search: "%")).isEmpty)
        #expect(try await codes(EventFilter(oblast: F.osh, statuses: [.draft], search: "joint")) == ["OSH-2019-04-GULCHO"])
    }

    @Test func paging() async throws {
        let first = try await store.list(tenant: tenant.id, filter: EventFilter(page: ListPage(limit: 3, offset: 0)))
        #expect(first.events.count == 3 && first.total == 4)
        let second = try await store.list(tenant: tenant.id, filter: EventFilter(page: ListPage(limit: 3, offset: 3)))
        #expect(second.events.map(\.event.fields.code) == ["OSH-2019-04-GULCHO"] && second.total == 4)
        let past = try await store.list(tenant: tenant.id, filter: EventFilter(page: ListPage(limit: 3, offset: 10)))
        #expect(past.events.isEmpty && past.total == 4)
    }
}
