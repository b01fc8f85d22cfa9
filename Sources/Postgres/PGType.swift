/// A PostgreSQL type OID, sent with every bound parameter so the server never has to guess.
public struct PGType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Let the server infer the type from context.
    public static let unspecified = PGType(rawValue: 0)
    public static let bool = PGType(rawValue: 16)
    public static let int8 = PGType(rawValue: 20)
    public static let int2 = PGType(rawValue: 21)
    public static let int4 = PGType(rawValue: 23)
    public static let text = PGType(rawValue: 25)
    public static let float8 = PGType(rawValue: 701)
    public static let date = PGType(rawValue: 1082)
    public static let timestamptz = PGType(rawValue: 1184)
    public static let numeric = PGType(rawValue: 1700)
    public static let uuid = PGType(rawValue: 2950)
    public static let jsonb = PGType(rawValue: 3802)
    public static let textArray = PGType(rawValue: 1009)
    public static let int8Array = PGType(rawValue: 1016)
    public static let uuidArray = PGType(rawValue: 2951)
}
