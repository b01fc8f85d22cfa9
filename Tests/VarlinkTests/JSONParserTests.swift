import Testing
@testable import Varlink

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String, maxDepth: Int = JSONParser.defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(text, maxDepth: maxDepth)
    }

    private func failure(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesAllValueKinds() throws {
        let value = try parse(#" {"a": [1, -2, 3.5, true, false, null, "x"], "b": {"c": -0}, "d": 1e2 } "#)
        #expect(value["a"] == [1, -2, 3.5, true, false, nil, "x"])
        #expect(value["b"]?["c"] == .int(0))
        #expect(value["d"] == .double(100))
        #expect(value.objectValue?.keys == ["a", "b", "d"])
    }

    @Test func keepsKeyOrder() throws {
        let value = try parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value.jsonString == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test func integerLimits() throws {
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("-9223372036854775808") == .int(Int64.min))
        #expect(failure(Array("9223372036854775808".utf8)) == JSONParseError(offset: 0, reason: .integerOutOfRange))
        #expect(failure(Array("[1, -9223372036854775809]".utf8)) == JSONParseError(offset: 4, reason: .integerOutOfRange))
        #expect(failure(Array("123456789012345678901234567890".utf8))?.reason == .integerOutOfRange)
        // A huge value written as a float is a float, unless out of double range.
        #expect(try parse("123456789012345678901234567890.0") == .double(123456789012345678901234567890.0))
        #expect(failure(Array("1e400".utf8))?.reason == .numberOutOfRange)
    }

    @Test func rejectsMalformedNumbers() {
        for text in ["01", "-", "1.", ".5", "1e", "+1", "-a", "1.e5", "0x10"] {
            #expect(failure(Array(text.utf8)) != nil, "\(text)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(failure(deep) == JSONParseError(offset: 64, reason: .nestingTooDeep(limit: 64)))
        let deepObjects = [UInt8](String(repeating: #"{"a":"#, count: 100_000).utf8)
        #expect(failure(deepObjects)?.reason == .nestingTooDeep(limit: 64))
    }

    @Test func depthLimitIsExact() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try parse(ok) }
        let tooDeep = "[" + ok + "]"
        #expect(throws: JSONParseError.self) { try parse(tooDeep) }
        #expect(throws: Never.self) { try parse(tooDeep, maxDepth: 65) }
    }

    @Test func rejectsDuplicateKeys() {
        #expect(failure(Array(#"{"a":1,"b":2,"a":3}"#.utf8)) == JSONParseError(offset: 13, reason: .duplicateKey("a")))
        // Large objects take the hash-set path.
        let many = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(failure(Array("{\(many),\"k17\":0}".utf8))?.reason == .duplicateKey("k17"))
        // Escaped spelling of the same key is the same key.
        #expect(failure(Array(#"{"a":1,"\u0061":2}"#.utf8))?.reason == .duplicateKey("a"))
    }

    @Test func rejectsInvalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22],  // invalid byte
            [0x22, 0xC3, 0x22],  // truncated sequence
            [0x22, 0xC0, 0xAF, 0x22],  // overlong
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0x5C, 0x6E, 0xE2, 0x82, 0x22],  // after an escape (slow path)
            [0x5B, 0xC3, 0xA9, 0x5D],  // outside a string
        ]
        for bytes in cases {
            #expect(failure(bytes)?.reason == .invalidUTF8, "\(bytes)")
        }
        #expect(failure([0x22, 0x61, 0xFF, 0x22])?.offset == 2)
    }

    @Test func acceptsValidUTF8() throws {
        #expect(try parse("\"Жалал-Абад ✓ 🇰🇬\"") == .string("Жалал-Абад ✓ 🇰🇬"))
    }

    @Test func rejectsNULAndControlCharacters() {
        #expect(failure([0x22, 0x61, 0x00, 0x22])?.reason == .nulByte)
        #expect(failure(Array("{}".utf8) + [0])?.reason == .nulByte)
        #expect(failure([0x22, 0x0A, 0x22])?.reason == .controlCharacterInString)
        #expect(failure([0x22, 0x5C, 0x6E, 0x09, 0x22])?.reason == .controlCharacterInString)
    }

    @Test func decodesEscapes() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u00e9\u4e2d""#) == .string("é中"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\uD83D\uDE00x""#) == .string("😀x"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func rejectsBadEscapes() {
        #expect(failure(Array(#""\x""#.utf8))?.reason == .invalidEscape)
        #expect(failure(Array(#""\u12G4""#.utf8))?.reason == .invalidUnicodeEscape)
        #expect(failure(Array(#""\ud83d""#.utf8))?.reason == .invalidUnicodeEscape)  // lone high
        #expect(failure(Array(#""\ude00""#.utf8))?.reason == .invalidUnicodeEscape)  // lone low
        #expect(failure(Array(#""\ud83d\u0041""#.utf8))?.reason == .invalidUnicodeEscape)
    }

    @Test func rejectsStructuralErrors() {
        #expect(failure(Array("{} x".utf8)) == JSONParseError(offset: 3, reason: .trailingData))
        #expect(failure(Array("".utf8))?.reason == .unexpectedEnd)
        #expect(failure(Array("[1,]".utf8))?.reason == .unexpectedByte(UInt8(ascii: "]")))
        #expect(failure(Array(#"{"a" 1}"#.utf8))?.reason == .unexpectedByte(UInt8(ascii: "1")))
        #expect(failure(Array(#"{"a":1,}"#.utf8))?.reason == .unexpectedByte(UInt8(ascii: "}")))
        #expect(failure(Array("[1 2]".utf8))?.reason == .unexpectedByte(UInt8(ascii: "2")))
        #expect(failure(Array("tru".utf8))?.reason == .unexpectedEnd)
        #expect(failure(Array("nul!".utf8))?.reason == .unexpectedByte(UInt8(ascii: "!")))
        #expect(failure(Array(#"{"a":1"#.utf8))?.reason == .unexpectedEnd)
        #expect(failure(Array("\"abc".utf8))?.reason == .unexpectedEnd)
    }

    @Test func errorDescriptionNamesOffsetAndReason() {
        let error = JSONParseError(offset: 13, reason: .duplicateKey("a"))
        #expect(error.description == #"invalid JSON at byte 13: duplicate key "a""#)
    }
}
