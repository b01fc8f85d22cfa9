import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

/// IndicatorStore: concurrent definitions of one code, stored filters, snapshots.
@Suite("Indicator store")
struct IndicatorStoreTests {
    let db: StoreTestDatabase
    let store: IndicatorStore

    init() async throws {
        db = try await StoreTestDatabase(prefix: "indstore")
        store = IndicatorStore(database: db.database)
    }

    func definition(_ title: String) throws -> IndicatorDefinition {
        try IndicatorRules.validate(IndicatorDefinition(
            code: "SDC-GOV-1", title: title, unit: .municipalities, countingRule: .cumulative, since: Day(iso: "2019-01-01", field: "since"),
            filters: IndicatorFilters(inviteRoles: [.target, .neighbour], oblasts: ["41706000000000"], minDaysPresent: 2,
                                      planStatuses: [.councilApproved, .implementing]),
            disaggregations: [.district, .quarter]))
    }

    @Test func concurrentFirstDefinitionsCreateOnceAndVersionTheRest() async throws {
        let tenant = try await EventTestFixtures.tenant(db, "dpi")
        let titles = (1...6).map { "Municipalities trained, take \($0)" }
        let outcomes = try await withThrowingTaskGroup(of: (Indicator, Bool).self) { group in
            for title in titles {
                let draft = try definition(title)
                group.addTask { try await store.define(tenant: tenant.id, draft, uid: 1000) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter(\.1).count == 1, "exactly one call created it")
        #expect(outcomes.map(\.0.version).sorted() == Array(1...6), "each other call made a new version")
        let stored = try await store.list(tenant: tenant.id, includeArchived: true)
        #expect(stored.count == 1 && stored[0].version == 6)
        #expect(stored[0].definition.filters == (try definition("x")).filters)
        #expect(stored[0].definition.disaggregations == [.district, .quarter])
        #expect(stored[0].definition.since?.description == "2019-01-01")
        let audit = try db.ownerConnection().query("""
            SELECT count(*) AS n FROM audit_log WHERE tenant_id = \(tenant.id) AND object_type = 'indicator' AND uid = 1000
            """)[0].decode("n", as: Int.self)
        #expect(audit == 6)
    }

    @Test func computingSeesOneSnapshotWithItsCursor() async throws {
        let tenant = try await EventTestFixtures.tenant(db, "dpi-snap")
        _ = try await store.define(tenant: tenant.id, try definition("Municipalities"), uid: 1)
        let to = try Day(iso: "2020-12-31", field: "to")
        let report = try await store.compute(tenant: tenant.id, codes: nil, from: nil, to: to, ageBands: .standard)
        #expect(report.results.map(\.indicator.code) == ["SDC-GOV-1"])
        #expect(report.results[0].value.value == 0)
        #expect(report.results[0].value.breakdowns.map(\.dimension) == [.district, .quarter])
        #expect(report.results[0].window == IndicatorWindow(from: try Day(iso: "2019-01-01", field: "d"), to: to))
        #expect(report.dataCursor == ChangeCursor(tenant: tenant.id, sequence: 0))
        await #expect(throws: IndicatorStoreError.indicatorNotFound("NOPE")) {
            try await store.compute(tenant: tenant.id, codes: ["SDC-GOV-1", "NOPE"], from: nil, to: to, ageBands: .standard)
        }
    }
}
