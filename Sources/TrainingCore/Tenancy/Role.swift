/// What a principal may do in one tenant. Each role includes the ones below it:
/// viewer (read, reports) < registrar (registrations, attendance) < coordinator (events,
/// plans) < tenant_admin (grants in that tenant).
public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
    case viewer
    case registrar
    case coordinator
    case tenantAdmin = "tenant_admin"

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .registrar: 1
        case .coordinator: 2
        case .tenantAdmin: 3
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// True when this role is enough for an operation that requires `required`.
    public func allows(_ required: Role) -> Bool { self >= required }
}
