/// `limit`/`offset` of a list method (docs/protocol.md: default 100, at most 1000).
public struct ListPage: Sendable, Equatable {
    public static let defaultLimit = 100
    public static let maxLimit = 1_000

    public var limit: Int
    public var offset: Int

    public init(limit: Int = ListPage.defaultLimit, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }

    /// Validates the parameters as a caller sent them (nil = default).
    public init(limit: Int64?, offset: Int64?) throws(ValidationError) {
        let limit = limit ?? Int64(Self.defaultLimit)
        guard (1...Int64(Self.maxLimit)).contains(limit) else {
            throw ValidationError(field: "limit", reason: "must be between 1 and \(Self.maxLimit), got \(limit)")
        }
        let offset = offset ?? 0
        guard offset >= 0 && offset <= Int64(Int32.max) else {
            throw ValidationError(field: "offset", reason: "must be between 0 and \(Int32.max), got \(offset)")
        }
        self.init(limit: Int(limit), offset: Int(offset))
    }
}
