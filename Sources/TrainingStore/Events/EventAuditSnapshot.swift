import Foundation
import Postgres
import TrainingCore
import UUIDText

/// An event as the audit log records it before and after a change: every field a caller can
/// set, in wire form (ISO days), so the log reads without the code that wrote it.
struct EventAuditSnapshot: Encodable {
    var id: String
    var code: String
    var title: String
    var modules: [String]
    var venue: String
    var settlement: String?
    var firstDay: String
    var lastDay: String
    var capacity: Int?
    var trainers: [String]
    var funder: String?
    var notes: String?
    var status: String
    var version: Int
    var invitations: [InvitationSnapshot]?

    struct InvitationSnapshot: Encodable {
        var municipality: String
        var role: String
    }

    init(_ event: Event, invitations: [Invitation]? = nil) {
        id = event.id.lowercasedText
        code = event.fields.code
        title = event.fields.title
        modules = event.fields.modules
        venue = event.fields.venue
        settlement = event.fields.settlement
        firstDay = event.fields.firstDay.description
        lastDay = event.fields.lastDay.description
        capacity = event.fields.capacity
        trainers = event.fields.trainers
        funder = event.fields.funder
        notes = event.fields.notes
        status = event.status.rawValue
        version = event.version
        self.invitations = invitations?.map { InvitationSnapshot(municipality: $0.municipality.code, role: $0.role.rawValue) }
    }

    enum CodingKeys: String, CodingKey {
        case id, code, title, modules, venue, settlement, firstDay = "first_day", lastDay = "last_day", capacity, trainers,
             funder, notes, status, version, invitations
    }
}
