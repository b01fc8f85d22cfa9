import Foundation
import Postgres

/// Writes the one audit row every mutating call leaves in its tenant (DESIGN §4), inside the
/// call's own transaction so the row exists exactly when the change does.
enum AuditLog {
    static func record<Before: Encodable, After: Encodable>(
        _ c: PGConnection, tenant: UUID, uid: UInt32, method: String, objectType: String, objectID: String,
        before: Before?, after: After?
    ) throws {
        try c.execute("""
            INSERT INTO audit_log (tenant_id, uid, method, object_type, object_id, before, after)
            VALUES (\(tenant), \(Int64(uid)), \(method), \(objectType), \(objectID),
                    \(try before.map { try PGJSON(encoding: $0) }), \(try after.map { try PGJSON(encoding: $0) }))
            """)
    }
}
