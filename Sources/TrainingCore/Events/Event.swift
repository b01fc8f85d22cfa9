import Foundation

/// A training event as stored: its fields, where it is in the lifecycle, and its
/// optimistic-concurrency version (1 at creation, +1 for every change of the event or its
/// invitations).
public struct Event: Sendable, Equatable {
    public var id: UUID
    public var fields: EventFields
    /// The venue municipality with its names and place in the hierarchy.
    public var venue: MunicipalityRef
    public var status: EventStatus
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, fields: EventFields, venue: MunicipalityRef, status: EventStatus, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.fields = fields
        self.venue = venue
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
