import Foundation
import Postgres
import TrainingCore
import UUIDText

extension EventStore {
    /// Invites `municipality` with `role`, changes the role of one already invited, or with
    /// `role` nil uninvites it (its people's registrations stay). Inviting with the same role or
    /// removing one not invited changes nothing; anything else increments the event's version.
    public func invite(tenant: UUID, reference: String, municipality: String, role: InviteRole?, byUID uid: UInt32) async throws -> InvitationOutcome {
        try await database.inTenant(tenant) { c in
            guard let event = try EventLookup.find(c, reference, forUpdate: true) else { throw EventError.notFound }
            guard let status = EventStatus(rawValue: event.status) else { throw EventError.notFound }
            guard !status.isFinal else { throw EventError.locked(status) }
            if try !EventRows.unknownMunicipalities(c, [municipality]).isEmpty { throw EventError.municipalityNotFound(municipality) }
            let previous = try c.query("""
                SELECT role FROM event_municipality WHERE event_id = \(event.id) AND municipality_code = \(municipality) FOR UPDATE
                """).first.map { InviteRole(rawValue: try $0.decode("role", as: String.self)) } ?? nil

            if previous == role {
                let current = try role.map { _ in try Self.invitation(c, eventID: event.id, municipality: municipality) } ?? nil
                return InvitationOutcome(invitation: current, previousRole: previous, version: event.version)
            }
            if let role {
                try c.execute("""
                    INSERT INTO event_municipality (tenant_id, event_id, municipality_code, role)
                    VALUES (\(tenant), \(event.id), \(municipality), \(role.rawValue))
                    ON CONFLICT (tenant_id, event_id, municipality_code)
                    DO UPDATE SET role = EXCLUDED.role, invited_at = now()
                    """)
            } else {
                do {
                    try c.execute("DELETE FROM event_municipality WHERE event_id = \(event.id) AND municipality_code = \(municipality)")
                } catch let error as PGError where error.sqlState == .foreignKeyViolation {
                    throw ValidationError(field: "remove", reason: "a joint action plan of \(municipality) is linked to this event; it cannot be uninvited")
                }
            }
            let version = try c.query("""
                UPDATE event SET version = version + 1, updated_at = now() WHERE id = \(event.id) RETURNING version
                """)[0].decode("version", as: Int.self)
            let invitation = try role.map { _ in try Self.invitation(c, eventID: event.id, municipality: municipality) } ?? nil
            try ChangeFeedStore.record(c, tenant: tenant, Change(
                sequence: 0, kind: .invitationChanged, at: Date(), byUID: uid, method: Self.inviteMethod, eventID: event.id,
                eventCode: event.code, eventStatus: status.rawValue, version: version, municipality: municipality, inviteRole: role?.rawValue))
            try AuditLog.record(c, tenant: tenant, uid: uid, method: Self.inviteMethod, objectType: "event_municipality",
                                objectID: "\(event.id.lowercasedText)/\(municipality)",
                                before: previous.map { ["role": $0.rawValue] }, after: role.map { ["role": $0.rawValue] })
            return InvitationOutcome(invitation: invitation, previousRole: previous, version: version)
        }
    }

    private static func invitation(_ c: PGConnection, eventID: UUID, municipality: String) throws -> Invitation? {
        try EventRows.invitations(c, eventID: eventID).first { $0.municipality.code == municipality }
    }
}
