import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// io.trainingd.Events.Watch: the Varlink monitor pattern over the tenant's change log.
///
/// It subscribes to the shared listener before reading the log, so a change committed while
/// it catches up is never missed; every wake-up (a notification for the tenant, or a
/// resynchronisation after the listener reconnected) re-reads the log after the last cursor
/// sent, so nothing is skipped or sent twice.
struct WatchHandler: Sendable {
    let feed: ChangeFeedStore
    let authorizer: Authorizer
    let listener: PGNotificationListener

    @Sendable func watch(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        var eventID: UUID?
        if let reference = p.optionalString("event") {
            guard let event = try await feed.resolveEvent(tenant: tenant.id, reference: reference) else {
                throw ServiceError.specific(name: "io.trainingd.Events.EventNotFound", parameters: ["event": .string(reference)])
            }
            eventID = event.id
        }
        let kinds = call["kinds"]?.arrayValue?.compactMap { $0.stringValue.flatMap(Change.Kind.init(rawValue:)) }

        let (subscription, events) = listener.subscribe()
        defer { listener.unsubscribe(subscription) }

        var last: Int64
        if let since = p.optionalString("since") {
            guard let cursor = ChangeCursor(since, tenant: tenant.id) else {
                throw ServiceError.specific(name: "io.trainingd.Events.InvalidCursor", parameters: ["cursor": .string(since)])
            }
            last = try await sendChanges(call, tenant: tenant.id, after: cursor.sequence, event: eventID, kinds: kinds)
        } else {
            last = try await feed.latestSequence(tenant: tenant.id)
        }
        try await call.send(["cursor": .string(ChangeCursor(tenant: tenant.id, sequence: last).description)])

        let tenantKey = tenant.id.lowercasedText
        for await event in events {
            if case .notification(let payload) = event, payload != tenantKey { continue }
            last = try await sendChanges(call, tenant: tenant.id, after: last, event: eventID, kinds: kinds)
        }
        try Task.checkCancellation()
        throw ServiceError.shuttingDown
    }

    /// Sends every change after `sequence` (in pages), returning the last sequence read.
    private func sendChanges(_ call: VarlinkCall, tenant: UUID, after sequence: Int64, event: UUID?, kinds: [Change.Kind]?) async throws -> Int64 {
        var last = sequence
        while true {
            let page = try await feed.changes(tenant: tenant, after: last, event: event, kinds: kinds)
            for change in page {
                let cursor = ChangeCursor(tenant: tenant, sequence: change.sequence).description
                try await call.send(["cursor": .string(cursor), "change": Self.render(change, cursor: cursor)])
                last = change.sequence
            }
            if page.count < 1_000 {
                // Never advance past the last change read: a change committed between the page
                // and a separate "latest" query would be skipped for good. Filtered-out rows
                // are simply filtered out again on the next read.
                return last
            }
        }
    }

    static func render(_ change: Change, cursor: String) -> JSONValue {
        var object: JSONObject = [
            "cursor": .string(cursor), "kind": .string(change.kind.rawValue), "at": Wire.timestamp(change.at),
            "by_uid": .int(Int64(change.byUID)), "method": .string(change.method),
            "event_id": .string(change.eventID.lowercasedText), "event_code": .string(change.eventCode),
        ]
        let optional: [(String, String?)] = [
            ("event_status", change.eventStatus), ("municipality", change.municipality), ("invite_role", change.inviteRole),
            ("person_id", change.personID?.lowercasedText), ("registration_status", change.registrationStatus),
            ("day", change.day), ("attendance_status", change.attendanceStatus),
        ]
        for (key, value) in optional { if let value { object[key] = .string(value) } }
        if let version = change.version { object["version"] = .int(Int64(version)) }
        return .object(object)
    }
}
