import NIOCore

/// A strict JSON (RFC 8259) parser working directly on raw bytes.
///
/// Why hand-written: every Varlink message goes through it, and the daemon must reject hostile input
/// precisely (offset + reason) without ever crashing. It:
/// - validates UTF-8 itself (in strings and everywhere else) instead of silently repairing it;
/// - bounds nesting depth (default 64) *before* descending, so a 100,000-deep input is an error,
///   never a stack overflow;
/// - rejects duplicate object keys, trailing data, NUL bytes and raw control characters in strings;
/// - keeps integers exact as `Int64`; an integer literal outside `Int64` is an error, not a `Double`;
/// - allocates only for the values it produces (strings without escapes are decoded straight from
///   the input; escaped ones use one scratch buffer reused for the whole parse).
public struct JSONParser: ~Copyable {
    /// The default maximum nesting depth of arrays/objects.
    public static let defaultMaxDepth = 64
    /// Hard ceiling for `maxDepth`: the parser recurses once per level.
    public static let maxDepthLimit = 10_000

    private let base: UnsafePointer<UInt8>?
    private let count: Int
    private var index = 0
    private let maxDepth: Int
    private var scratch: [UInt8] = []

    private init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        count = bytes.count
        self.maxDepth = min(max(maxDepth, 1), Self.maxDepthLimit)
    }

    /// Parses one complete JSON text (any value; surrounding whitespace allowed).
    public static func parse(
        _ bytes: UnsafeRawBufferPointer,
        maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    /// Parses the readable bytes of `buffer` (the buffer is not consumed).
    public static func parse(_ buffer: ByteBuffer, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        let result = buffer.withUnsafeReadableBytes { bytes in
            Result { () throws(JSONParseError) -> JSONValue in try parse(bytes, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    /// Parses a byte array.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try parse(raw, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    /// Parses the UTF-8 of a string.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    // MARK: - Grammar

    private mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue(depth: 0)
        skipWhitespace()
        if index < count {
            throw fail(byteAt(index) == 0 ? .nulByte : .trailingData)
        }
        return value
    }

    private func byteAt(_ position: Int) -> UInt8 {
        // Callers check `position < count`; `count > 0` implies `base != nil`.
        base.unsafelyUnwrapped[position]
    }

    private func fail(_ reason: JSONParseError.Reason) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }

    private mutating func skipWhitespace() {
        while index < count {
            switch byteAt(index) {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard index < count else { throw fail(.unexpectedEnd) }
        switch byteAt(index) {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case 0: throw fail(.nulByte)
        case let byte: throw fail(byte >= 0x80 ? .invalidUTF8 : .unexpectedByte(byte))
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let length = literal.utf8CodeUnitCount
        let text = literal.utf8Start
        for offset in 0..<length {
            guard index < count else { throw fail(.unexpectedEnd) }
            guard byteAt(index) == text[offset] else { throw fail(.unexpectedByte(byteAt(index))) }
            index += 1
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw fail(.nestingTooDeep(limit: maxDepth)) }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < count, byteAt(index) == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < count else { throw fail(.unexpectedEnd) }
            switch byteAt(index) {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            case 0: throw fail(.nulByte)
            case let byte: throw fail(.unexpectedByte(byte))
            }
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw fail(.nestingTooDeep(limit: maxDepth)) }
        index += 1  // {
        var entries: [JSONObject.Element] = []
        var keySet: Set<String>? = nil  // built only for large objects
        skipWhitespace()
        if index < count, byteAt(index) == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject(uniqueEntries: entries))
        }
        while true {
            skipWhitespace()
            guard index < count else { throw fail(.unexpectedEnd) }
            guard byteAt(index) == UInt8(ascii: "\"") else {
                throw fail(byteAt(index) == 0 ? .nulByte : .unexpectedByte(byteAt(index)))
            }
            let keyOffset = index
            let key = try parseString()
            if isDuplicate(key, in: entries, keySet: &keySet) {
                throw JSONParseError(offset: keyOffset, reason: .duplicateKey(key))
            }
            skipWhitespace()
            guard index < count else { throw fail(.unexpectedEnd) }
            guard byteAt(index) == UInt8(ascii: ":") else { throw fail(.unexpectedByte(byteAt(index))) }
            index += 1
            let value = try parseValue(depth: depth)
            entries.append((key, value))
            skipWhitespace()
            guard index < count else { throw fail(.unexpectedEnd) }
            switch byteAt(index) {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(JSONObject(uniqueEntries: entries))
            case 0: throw fail(.nulByte)
            case let byte: throw fail(.unexpectedByte(byte))
            }
        }
    }

    /// Linear scan for small objects (the common case), a hash set once they grow.
    private func isDuplicate(
        _ key: String,
        in entries: [JSONObject.Element],
        keySet: inout Set<String>?
    ) -> Bool {
        if keySet == nil {
            if entries.count < 12 {
                for entry in entries where entry.key == key { return true }
                return false
            }
            keySet = Set(entries.map(\.key))
        }
        return keySet?.insert(key).inserted == false
    }

    // MARK: - Strings

    /// Parses a string starting at the opening quote; leaves `index` after the closing quote.
    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1  // opening quote
        let start = index
        while index < count {
            let byte = byteAt(index)
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start), as: UTF8.self)
                index += 1
                return text
            } else if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(from: start)
            } else if byte < 0x20 {
                throw fail(byte == 0 ? .nulByte : .controlCharacterInString)
            } else if byte >= 0x80 {
                try skipUTF8Sequence()
            } else {
                index += 1
            }
        }
        throw fail(.unexpectedEnd)
    }

    /// Slow path once a backslash is seen: copies into the reusable scratch buffer.
    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start))
        while index < count {
            let byte = byteAt(index)
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                try parseEscape()
            } else if byte < 0x20 {
                throw fail(byte == 0 ? .nulByte : .controlCharacterInString)
            } else if byte >= 0x80 {
                let sequenceStart = index
                try skipUTF8Sequence()
                scratch.append(contentsOf: UnsafeBufferPointer(start: base.unsafelyUnwrapped + sequenceStart, count: index - sequenceStart))
            } else {
                scratch.append(byte)
                index += 1
            }
        }
        throw fail(.unexpectedEnd)
    }

    private mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = index
        index += 1  // backslash
        guard index < count else { throw fail(.unexpectedEnd) }
        let byte = byteAt(index)
        index += 1
        switch byte {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4(escapeStart: escapeStart)
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < count, byteAt(index) == UInt8(ascii: "\\"), byteAt(index + 1) == UInt8(ascii: "u") else {
                    throw JSONParseError(offset: escapeStart, reason: .invalidUnicodeEscape)
                }
                index += 2
                let low = try parseHex4(escapeStart: escapeStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONParseError(offset: escapeStart, reason: .invalidUnicodeEscape)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONParseError(offset: escapeStart, reason: .invalidUnicodeEscape)
            }
            appendUTF8(scalar)
        default:
            throw JSONParseError(offset: escapeStart, reason: .invalidEscape)
        }
    }

    private mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard index + 4 <= count else { throw fail(.unexpectedEnd) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = byteAt(index)
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONParseError(offset: escapeStart, reason: .invalidUnicodeEscape)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | (scalar >> 6)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | (scalar >> 12)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            scratch.append(UInt8(0xF0 | (scalar >> 18)))
            scratch.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Validates one multi-byte UTF-8 sequence at `index` (RFC 3629: no overlongs, no surrogates,
    /// nothing above U+10FFFF) and moves past it.
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let lead = byteAt(index)
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw fail(.invalidUTF8)
        }
        guard index + length <= count else { throw fail(.invalidUTF8) }
        guard secondRange.contains(byteAt(index + 1)) else { throw fail(.invalidUTF8) }
        var offset = 2
        while offset < length {
            guard (0x80...0xBF).contains(byteAt(index + offset)) else { throw fail(.invalidUTF8) }
            offset += 1
        }
        index += length
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        let negative = byteAt(index) == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < count else { throw fail(.unexpectedEnd) }
        let firstDigit = byteAt(index)
        guard firstDigit >= UInt8(ascii: "0") && firstDigit <= UInt8(ascii: "9") else {
            throw fail(.invalidNumber)
        }
        // Accumulate negatively so Int64.min is representable.
        var accumulator: Int64 = 0
        var overflow = false
        if firstDigit == UInt8(ascii: "0") {
            index += 1
            if index < count, isDigit(byteAt(index)) { throw fail(.invalidNumber) }
        } else {
            while index < count, isDigit(byteAt(index)) {
                if !overflow {
                    let (times10, o1) = accumulator.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times10.subtractingReportingOverflow(Int64(byteAt(index) - UInt8(ascii: "0")))
                    overflow = o1 || o2
                    accumulator = next
                }
                index += 1
            }
        }
        var isFloat = false
        if index < count, byteAt(index) == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            try requireDigits()
        }
        if index < count, byteAt(index) == UInt8(ascii: "e") || byteAt(index) == UInt8(ascii: "E") {
            isFloat = true
            index += 1
            if index < count, byteAt(index) == UInt8(ascii: "+") || byteAt(index) == UInt8(ascii: "-") { index += 1 }
            try requireDigits()
        }
        if isFloat {
            let text = String(decoding: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start), as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                throw JSONParseError(offset: start, reason: .numberOutOfRange)
            }
            return .double(value)
        }
        if overflow { throw JSONParseError(offset: start, reason: .integerOutOfRange) }
        if negative { return .int(accumulator) }
        guard accumulator != Int64.min else { throw JSONParseError(offset: start, reason: .integerOutOfRange) }
        return .int(-accumulator)
    }

    private mutating func requireDigits() throws(JSONParseError) {
        guard index < count else { throw fail(.unexpectedEnd) }
        guard isDigit(byteAt(index)) else { throw fail(.invalidNumber) }
        while index < count, isDigit(byteAt(index)) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
