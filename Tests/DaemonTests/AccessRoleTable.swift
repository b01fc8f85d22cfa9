import Foundation

/// The least role each method needs, read from the table in docs/protocol.md §3 ("Roles and
/// who may call what"), so that the documentation and the daemon cannot drift apart.
enum LeastRole: Equatable, Sendable, CustomStringConvertible {
    /// Anyone who can open the socket.
    case anyone
    /// Root or the daemon's own uid.
    case systemAdministrator
    /// Any role in any tenant (Geography).
    case anyTenantRole
    /// At least this role in the tenant the call names.
    case tenantRole(String)

    var description: String {
        switch self {
        case .anyone: "anyone"
        case .systemAdministrator: "system administrator"
        case .anyTenantRole: "any role in any tenant"
        case .tenantRole(let role): role
        }
    }

    init?(documented text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("anyone") { self = .anyone; return }
        if text.hasPrefix("system administrator") { self = .systemAdministrator; return }
        if text.hasPrefix("any role") { self = .anyTenantRole; return }
        let role = String(text.prefix { $0.isLetter || $0 == "_" })
        guard AccessRoleTable.roleOrder.contains(role) else { return nil }
        self = .tenantRole(role)
    }
}

enum AccessRoleTable {
    /// Each role includes the ones before it.
    static let roleOrder = ["viewer", "registrar", "coordinator", "tenant_admin"]

    static var protocolDocument: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/protocol.md").standardized
    }

    /// `["Events.GetEvent": .tenantRole("viewer"), ...]` from the §3 table. A cell like
    /// "Geography.ListOblasts, ListDistricts" carries the interface over to the names after it.
    static func load() throws -> [String: LeastRole] {
        let text = try String(contentsOf: protocolDocument, encoding: .utf8)
        guard let start = text.range(of: "## 3. Roles and who may call what"),
              let end = text.range(of: "\n## 4.", range: start.upperBound..<text.endIndex)
        else { throw AccessTableError("docs/protocol.md has no section 3 'Roles and who may call what'") }
        var table: [String: LeastRole] = [:]
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2, cells[0] != "method" else { continue }
            guard let role = LeastRole(documented: cells[1]) else { throw AccessTableError("unknown role in: \(line)") }
            var interface = ""
            for name in cells[0].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let parts = name.split(separator: ".")
                if parts.count == 2 { interface = String(parts[0]) }
                table["\(interface).\(parts.last ?? "")"] = role
            }
        }
        return table
    }
}

struct AccessTableError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
