import Foundation
import UUIDText

extension String: PGEncodable, PGDecodable {
    public static var pgType: PGType { .text }
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
    public init(pgText bytes: UnsafeRawBufferPointer) throws {
        self = String(decoding: bytes, as: UTF8.self)
    }
}

extension Bool: PGEncodable, PGDecodable {
    public static var pgType: PGType { .bool }
    public func encode(into buffer: inout [UInt8]) { buffer.append(self ? UInt8(ascii: "t") : UInt8(ascii: "f")) }
    public init(pgText bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count == 1 else { throw Self.decodingError(bytes) }
        switch bytes[0] {
        case UInt8(ascii: "t"): self = true
        case UInt8(ascii: "f"): self = false
        default: throw Self.decodingError(bytes)
        }
    }
}

/// Integers share one ASCII parser: no String is built per column on the hot path.
protocol PGInteger: FixedWidthInteger, PGEncodable, PGDecodable {}

extension PGInteger {
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: String(self).utf8) }
    public init(pgText bytes: UnsafeRawBufferPointer) throws {
        guard let value = Self.parseASCII(bytes) else { throw Self.decodingError(bytes) }
        self = value
    }

    static func parseASCII(_ bytes: UnsafeRawBufferPointer) -> Self? {
        var index = 0
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; index = 1 }
        guard index < bytes.count else { return nil }
        var value: Self = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative
                ? times10.subtractingReportingOverflow(Self(digit))
                : times10.addingReportingOverflow(Self(digit))
            guard !o1, !o2 else { return nil }
            value = next
            index += 1
        }
        return value
    }
}

extension Int16: PGInteger { public static var pgType: PGType { .int2 } }
extension Int32: PGInteger { public static var pgType: PGType { .int4 } }
extension Int64: PGInteger { public static var pgType: PGType { .int8 } }
extension Int: PGInteger { public static var pgType: PGType { .int8 } }

extension Double: PGEncodable, PGDecodable {
    public static var pgType: PGType { .float8 }
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: "\(self)".utf8) }
    public init(pgText bytes: UnsafeRawBufferPointer) throws {
        guard let value = Double(String(decoding: bytes, as: UTF8.self)) else { throw Self.decodingError(bytes) }
        self = value
    }
}

extension UUID: PGEncodable, PGDecodable {
    public static var pgType: PGType { .uuid }
    public func encode(into buffer: inout [UInt8]) { appendLowercasedText { buffer.append($0) } }
    public init(pgText bytes: UnsafeRawBufferPointer) throws {
        guard let value = UUID(utf8: bytes) else {
            throw Self.decodingError(bytes)
        }
        self = value
    }
}

extension Decimal: PGEncodable, PGDecodable {
    public static var pgType: PGType { .numeric }
    public func encode(into buffer: inout [UInt8]) {
        var copy = self
        buffer.append(contentsOf: NSDecimalString(&copy, nil).utf8)
    }
    public init(pgText bytes: UnsafeRawBufferPointer) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text != "NaN", let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw Self.decodingError(bytes)
        }
        self = value
    }
}
