import Foundation

/// One step of an event's lifecycle, as its history records it.
public struct StatusChange: Sendable, Equatable {
    /// nil for the creation (to draft).
    public var from: EventStatus?
    public var to: EventStatus
    public var at: Date
    public var byUID: UInt32
    public var reason: String?

    public init(from: EventStatus?, to: EventStatus, at: Date, byUID: UInt32, reason: String?) {
        self.from = from
        self.to = to
        self.at = at
        self.byUID = byUID
        self.reason = reason
    }
}
