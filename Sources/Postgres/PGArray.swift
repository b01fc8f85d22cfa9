/// An element type that can travel inside a one-dimensional PostgreSQL array.
public protocol PGArrayElement: PGEncodable, PGDecodable {
    /// The OID of the array type whose elements are `Self` (e.g. `text[]` for String).
    static var pgArrayType: PGType { get }
}

extension String: PGArrayElement { public static var pgArrayType: PGType { .textArray } }
extension Int64: PGArrayElement { public static var pgArrayType: PGType { .int8Array } }
extension Int: PGArrayElement { public static var pgArrayType: PGType { .int8Array } }

extension Array: PGEncodable where Element: PGArrayElement {
    public static var pgType: PGType { Element.pgArrayType }

    /// Every element is quoted, so commas, braces, spaces and the word NULL inside values
    /// survive unchanged.
    public func encode(into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        var scratch: [UInt8] = []
        for (index, element) in enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            scratch.removeAll(keepingCapacity: true)
            element.encode(into: &scratch)
            buffer.append(UInt8(ascii: "\""))
            for byte in scratch {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { buffer.append(UInt8(ascii: "\\")) }
                buffer.append(byte)
            }
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.append(UInt8(ascii: "}"))
    }
}

extension Array: PGDecodable where Element: PGArrayElement {
    public init(pgText bytes: UnsafeRawBufferPointer) throws {
        guard let items = PGArrayParser.parse(Array<UInt8>(bytes)) else { throw Self.decodingError(bytes) }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let item else {
                throw PGError(code: .protocolViolation, message: "NULL element in array of non-optional \(Element.self)")
            }
            result.append(try item.withUnsafeBytes { try Element(pgText: $0) })
        }
        self = result
    }
}

/// Parses the text form of a one-dimensional array: `{a,"b c",NULL}`.
enum PGArrayParser {
    static func parse(_ b: [UInt8]) -> [[UInt8]?]? {
        guard b.count >= 2, b.first == UInt8(ascii: "{"), b.last == UInt8(ascii: "}") else { return nil }
        if b.count == 2 { return [] }
        var items: [[UInt8]?] = []
        var i = 1
        let end = b.count - 1
        while i < end {
            var item: [UInt8] = []
            if b[i] == UInt8(ascii: "\"") {
                i += 1
                while i < end, b[i] != UInt8(ascii: "\"") {
                    if b[i] == UInt8(ascii: "\\") { i += 1 }
                    guard i < end else { return nil }
                    item.append(b[i])
                    i += 1
                }
                guard i < end else { return nil }
                i += 1
                items.append(item)
            } else {
                while i < end, b[i] != UInt8(ascii: ",") {
                    if b[i] == UInt8(ascii: "{") { return nil }
                    item.append(b[i])
                    i += 1
                }
                items.append(item == Array("NULL".utf8) ? nil : item)
            }
            if i < end {
                guard b[i] == UInt8(ascii: ",") else { return nil }
                i += 1
            }
        }
        return items
    }
}
