import Postgres

/// A store operation that failed for a reason the caller can act on. Anything else surfaces as
/// the underlying `PGError` (its `isDatabaseUnavailable` tells an outage from a bug).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An object the call names does not exist in the caller's tenant.
    case notFound(entity: String, key: String)
    /// A unique key is taken (e.g. a tenant slug, an event code).
    case alreadyExists(entity: String, key: String)

    public var description: String {
        switch self {
        case .notFound(let entity, let key): "\(entity) \(key) not found"
        case .alreadyExists(let entity, let key): "\(entity) \(key) already exists"
        }
    }
}
