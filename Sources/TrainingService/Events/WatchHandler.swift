import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// io.trainingd.Events.Watch: the Varlink monitor pattern over the tenant's change log.
///
/// It registers with the tenant's `ChangeFeedHub` before reading its starting point, so a
/// change committed meanwhile is never missed. It then sends what the hub's window holds after
/// the last change it sent, reading the log itself only while it is behind that window, and
/// waits for the hub's wake-ups in between: nothing is skipped or sent twice, and however many
/// calls watch, the tenant's writers see one reader.
struct WatchHandler: Sendable {
    let feed: ChangeFeedStore
    let authorizer: Authorizer
    let hub: ChangeFeedHub

    /// Which changes a call asked for (all when nil), applied in memory.
    struct Filter: Sendable {
        var event: UUID?
        var kinds: Set<Change.Kind>?

        func matches(_ change: Change) -> Bool {
            (event == nil || change.eventID == event) && (kinds?.contains(change.kind) ?? true)
        }
    }

    @Sendable func watch(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        var filter = Filter()
        if let reference = p.optionalString("event") {
            guard let event = try await feed.resolveEvent(tenant: tenant.id, reference: reference) else {
                throw ServiceError.specific(name: "io.trainingd.Events.EventNotFound", parameters: ["event": .string(reference)])
            }
            filter.event = event.id
        }
        filter.kinds = call["kinds"]?.arrayValue.map { Set($0.compactMap { $0.stringValue.flatMap(Change.Kind.init(rawValue:)) }) }

        let since = try p.optionalString("since").map { text in
            guard let cursor = ChangeCursor(text, tenant: tenant.id) else {
                throw ServiceError.specific(name: "io.trainingd.Events.InvalidCursor", parameters: ["cursor": .string(text)])
            }
            return cursor.sequence
        }

        let subscription = hub.subscribe(tenant.id)
        defer { hub.unsubscribe(subscription) }

        var last: Int64
        if let since {
            last = try await catchUp(call, subscription, after: since, filter)
        } else {
            last = try await feed.latestSequence(tenant: tenant.id)
        }
        try await call.send(["cursor": .string(ChangeCursor(tenant: tenant.id, sequence: last).description)])

        var wakeUps = subscription.wakeUps.makeAsyncIterator()
        while true {
            if hub.isStopping { throw ServiceError.shuttingDown }
            switch hub.window(subscription, after: last) {
            case .changes(let changes, let upTo):
                try await send(call, tenant: tenant.id, changes, filter)
                last = upTo
            case .behind:
                last = try await catchUp(call, subscription, after: last, filter)
            case .failed(let error):
                throw hub.isStopping ? ServiceError.shuttingDown : error
            case .waiting:
                guard await wakeUps.next() != nil else {
                    // At shutdown the listener stops first, then the server cancels streams:
                    // either way this call ends with ShuttingDown, not a bare cancellation.
                    if !hub.isStopping { try Task.checkCancellation() }
                    throw ServiceError.shuttingDown
                }
            }
        }
    }

    /// Sends every change after `sequence` the call asked for, read from the log itself (its
    /// filter applied there, so a call watching one event reads only that event's rows), page by
    /// page, and returns how far the call then has everything it asked for: the last change
    /// read, or the hub's position taken before the last read if that is further (everything up
    /// to it was committed before that read began, so the read returned all of it that matches).
    private func catchUp(_ call: VarlinkCall, _ subscription: ChangeFeedHub.Subscription, after sequence: Int64, _ filter: Filter) async throws -> Int64 {
        var last = sequence
        while true {
            if hub.isStopping { throw ServiceError.shuttingDown }
            let complete = hub.position(subscription.tenant) ?? 0
            let page = try await feed.changes(tenant: subscription.tenant, after: last, event: filter.event, kinds: filter.kinds.map(Array.init), limit: ChangeFeedHub.page)
            try await send(call, tenant: subscription.tenant, page, filter)
            last = page.last?.sequence ?? last
            if page.count < ChangeFeedHub.page { return max(last, complete) }
        }
    }

    /// Replies per write to the socket: few writes, yet a slow reader holds back at most this
    /// many rendered changes (~25 KB) and the event loop encodes no more at a time.
    static let repliesPerWrite = 64

    /// Sends the changes the call asked for, `repliesPerWrite` per write to the socket.
    private func send(_ call: VarlinkCall, tenant: UUID, _ changes: [Change], _ filter: Filter) async throws {
        let wanted = changes.filter(filter.matches)
        for start in stride(from: 0, to: wanted.count, by: Self.repliesPerWrite) {
            let replies: [JSONValue] = wanted[start..<min(start + Self.repliesPerWrite, wanted.count)].map { change in
                let cursor = ChangeCursor(tenant: tenant, sequence: change.sequence).description
                return ["cursor": .string(cursor), "change": Self.render(change, cursor: cursor)]
            }
            try await call.send(contentsOf: replies)
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
