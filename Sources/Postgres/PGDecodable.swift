/// A Swift value that can be read from a result column in text format.
///
/// Decoding works on the bytes libpq already holds, so a row is read without copying it into
/// an intermediate String per column.
public protocol PGDecodable {
    /// Decodes a non-NULL value from its text representation.
    init(pgText bytes: UnsafeRawBufferPointer) throws
}

extension PGDecodable {
    static func decodingError(_ bytes: UnsafeRawBufferPointer) -> PGError {
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        return PGError(code: .protocolViolation, message: "cannot decode '\(text)' as \(Self.self)")
    }
}
