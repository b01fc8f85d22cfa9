import Foundation

/// One entry of a tenant's change log, as Events.Watch streams it.
public struct Change: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case eventCreated = "event_created"
        case eventUpdated = "event_updated"
        case eventStatusChanged = "event_status_changed"
        case invitationChanged = "invitation_changed"
        case registrationCreated = "registration_created"
        case registrationChanged = "registration_changed"
        case registrationCancelled = "registration_cancelled"
        case attendanceRecorded = "attendance_recorded"
    }

    public var sequence: Int64
    public var kind: Kind
    public var at: Date
    public var byUID: UInt32
    public var method: String
    public var eventID: UUID
    public var eventCode: String
    public var eventStatus: String?
    public var version: Int?
    public var municipality: String?
    public var inviteRole: String?
    public var personID: UUID?
    public var registrationStatus: String?
    public var day: String?
    public var attendanceStatus: String?

    public init(sequence: Int64, kind: Kind, at: Date, byUID: UInt32, method: String, eventID: UUID, eventCode: String,
                eventStatus: String? = nil, version: Int? = nil, municipality: String? = nil, inviteRole: String? = nil,
                personID: UUID? = nil, registrationStatus: String? = nil, day: String? = nil, attendanceStatus: String? = nil) {
        self.sequence = sequence
        self.kind = kind
        self.at = at
        self.byUID = byUID
        self.method = method
        self.eventID = eventID
        self.eventCode = eventCode
        self.eventStatus = eventStatus
        self.version = version
        self.municipality = municipality
        self.inviteRole = inviteRole
        self.personID = personID
        self.registrationStatus = registrationStatus
        self.day = day
        self.attendanceStatus = attendanceStatus
    }
}

/// The opaque position in a tenant's change log that Watch hands out: the log sequence,
/// tagged with the tenant so a cursor from another tenant is refused instead of silently
/// skipping or repeating changes.
public struct ChangeCursor: Sendable, Equatable, CustomStringConvertible {
    public var tenant: UUID
    public var sequence: Int64

    public init(tenant: UUID, sequence: Int64) {
        self.tenant = tenant
        self.sequence = sequence
    }

    static func tag(_ tenant: UUID) -> String { String(tenant.uuidString.lowercased().prefix(8)) }

    public var description: String { "\(Self.tag(tenant)).\(sequence)" }

    /// Parses a cursor given back by a client, for `tenant`; nil when malformed or foreign.
    public init?(_ text: String, tenant: UUID) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == Self.tag(tenant), let sequence = Int64(parts[1]), sequence >= 0 else { return nil }
        self.init(tenant: tenant, sequence: sequence)
    }
}
