import Foundation
import Postgres
import TestSupport
import TrainingCore
import TrainingStore
import Testing

/// SetEventStatus in the store: every step from every status, allowed or refused, recorded in
/// the history and the audit log, and the locks of final statuses.
@Suite("Event store: lifecycle")
struct EventLifecycleStoreTests {
    typealias F = EventTestFixtures
    let db: StoreTestDatabase
    let store: EventStore

    init() async throws {
        db = try await StoreTestDatabase(prefix: "evlife")
        store = EventStore(database: db.database)
    }

    /// A path of allowed steps from draft to each status.
    static let paths: [EventStatus: [EventStatus]] = [
        .draft: [], .scheduled: [.scheduled], .inProgress: [.scheduled, .inProgress], .held: [.scheduled, .inProgress, .held],
        .closed: [.scheduled, .inProgress, .held, .closed], .cancelled: [.cancelled], .postponed: [.postponed],
    ]

    @Test func everyStepFromEveryStatus() async throws {
        let tenant = try await F.tenant(db, "life")
        var moved = 0
        for from in EventStatus.allCases {
            for to in EventStatus.allCases {
                let code = "L-\(from.rawValue)-\(to.rawValue)"
                _ = try await store.create(tenant: tenant.id, fields: F.gulchoFields(code: code), invitations: [], byUID: 0)
                for step in Self.paths[from]! {
                    _ = try await store.setStatus(tenant: tenant.id, reference: code, to: step, expectedVersion: nil, reason: nil, byUID: 0)
                }
                let version = 1 + Self.paths[from]!.count
                if from == to {
                    let result = try await store.setStatus(tenant: tenant.id, reference: code, to: to, expectedVersion: version, reason: nil, byUID: 0)
                    #expect(result.previous == from && result.event.status == from && result.event.version == version)
                } else if EventLifecycle.successors(of: from).contains(to) {
                    let result = try await store.setStatus(tenant: tenant.id, reference: code, to: to, expectedVersion: version, reason: "step \(to)", byUID: 42)
                    #expect(result.previous == from && result.event.status == to && result.event.version == version + 1)
                    moved += 1
                } else {
                    await #expect(throws: EventError.invalidTransition(from: from, to: to), "\(from) -> \(to)") {
                        try await store.setStatus(tenant: tenant.id, reference: code, to: to, expectedVersion: nil, reason: nil, byUID: 42)
                    }
                    #expect(try await store.get(tenant: tenant.id, reference: code).event.status == from)
                }
            }
        }
        #expect(moved == 10)
        // Exactly one audit row per step taken; refused and same-status calls write none.
        let c = try db.ownerConnection()
        let steps = EventStatus.allCases.reduce(0) { $0 + Self.paths[$1]!.count } * EventStatus.allCases.count + moved
        #expect(try F.count(c, "SELECT count(*) AS n FROM audit_log WHERE tenant_id = \(tenant.id) AND method = 'io.trainingd.Events.SetEventStatus'") == steps)
        #expect(try F.count(c, "SELECT count(*) AS n FROM change_log WHERE tenant_id = \(tenant.id) AND kind = 'event_status_changed'") == steps)
        #expect(try F.count(c, "SELECT count(*) AS n FROM audit_log WHERE tenant_id = \(tenant.id) AND method = 'io.trainingd.Events.SetEventStatus' AND uid = 42") == moved)
    }

    @Test func historyIsDatedWithReasonsAndFinalStatusesLock() async throws {
        let tenant = try await F.tenant(db, "history")
        let code = "OSH-2019-04-GULCHO"
        _ = try await store.create(tenant: tenant.id, fields: F.gulchoFields(), invitations: [], byUID: 10)
        _ = try await store.setStatus(tenant: tenant.id, reference: code, to: .scheduled, expectedVersion: 1, reason: nil, byUID: 11)
        _ = try await store.setStatus(tenant: tenant.id, reference: code, to: .postponed, expectedVersion: nil, reason: "Pass closed by snow", byUID: 12)
        await #expect(throws: EventError.versionConflict(expected: 2, current: 3)) {
            try await store.setStatus(tenant: tenant.id, reference: code, to: .scheduled, expectedVersion: 2, reason: nil, byUID: 13)
        }
        _ = try await store.setStatus(tenant: tenant.id, reference: code, to: .scheduled, expectedVersion: 3, reason: "New dates", byUID: 13)
        _ = try await store.setStatus(tenant: tenant.id, reference: code, to: .cancelled, expectedVersion: nil, reason: "Funding ended", byUID: 14)

        let detail = try await store.get(tenant: tenant.id, reference: code)
        #expect(detail.history.map { "\($0.from?.rawValue ?? "-")>\($0.to.rawValue) \($0.byUID) \($0.reason ?? "-")" } == [
            "->draft 10 -",
            "draft>scheduled 11 -",
            "scheduled>postponed 12 Pass closed by snow",
            "postponed>scheduled 13 New dates",
            "scheduled>cancelled 14 Funding ended",
        ])
        #expect(zip(detail.history, detail.history.dropFirst()).allSatisfy { $0.at <= $1.at })
        #expect(detail.event.version == 5)

        // Cancelled is final: nothing else may change; the same status is still a quiet success.
        await #expect(throws: EventError.locked(.cancelled)) {
            try await store.update(tenant: tenant.id, reference: code, expectedVersion: 5, patch: EventPatch(title: "Revived"), byUID: 0)
        }
        await #expect(throws: EventError.locked(.cancelled)) {
            try await store.invite(tenant: tenant.id, reference: code, municipality: F.bulolu, role: .target, byUID: 0)
        }
        await #expect(throws: EventError.invalidTransition(from: .cancelled, to: .scheduled)) {
            try await store.setStatus(tenant: tenant.id, reference: code, to: .scheduled, expectedVersion: nil, reason: nil, byUID: 0)
        }
        #expect(try await store.setStatus(tenant: tenant.id, reference: code, to: .cancelled, expectedVersion: nil, reason: nil, byUID: 0).event.version == 5)
    }
}
