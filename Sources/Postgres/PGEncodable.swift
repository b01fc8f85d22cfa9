/// A Swift value that can be bound as a query parameter.
///
/// Parameters travel in PostgreSQL's text format with an explicit type OID: it is the format every
/// type supports, and binding (never splicing into the SQL) is what keeps values out of the
/// statement text.
public protocol PGEncodable: Sendable {
    /// The OID sent with the parameter.
    static var pgType: PGType { get }
    /// Appends the value's text representation (no terminating NUL).
    func encode(into buffer: inout [UInt8])
}

extension PGEncodable {
    /// The text representation as a String, for logs and tests.
    public var pgText: String {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
