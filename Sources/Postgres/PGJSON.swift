import Foundation

/// A `jsonb` value kept as its JSON text, so the wrapper imposes no JSON model on its callers.
public struct PGJSON: Hashable, Sendable, PGEncodable, PGDecodable {
    public var text: String

    public init(text: String) { self.text = text }

    /// Encodes any Codable value with sorted keys (stable audit rows and checksums).
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    public static var pgType: PGType { .jsonb }
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: text.utf8) }
    public init(pgText bytes: UnsafeRawBufferPointer) throws { text = String(decoding: bytes, as: UTF8.self) }
}
