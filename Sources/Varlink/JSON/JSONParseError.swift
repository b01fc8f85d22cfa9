/// Why a byte sequence is not acceptable JSON, and where.
///
/// `offset` is the byte offset into the parsed input (0-based) where the problem was detected, so a
/// client can be told precisely what was wrong with its message.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case unexpectedEnd
        case unexpectedByte(UInt8)
        case nulByte
        case invalidUTF8
        case controlCharacterInString
        case invalidEscape
        case invalidUnicodeEscape
        case invalidNumber
        case integerOutOfRange
        case numberOutOfRange
        case nestingTooDeep(limit: Int)
        case duplicateKey(String)
        case trailingData
    }

    public var offset: Int
    public var reason: Reason

    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        "invalid JSON at byte \(offset): \(reasonText)"
    }

    /// The reason in words, without the offset.
    public var reasonText: String {
        switch reason {
        case .unexpectedEnd: return "unexpected end of input"
        case .unexpectedByte(let byte):
            if byte >= 0x21 && byte < 0x7F {
                return "unexpected character '\(Character(Unicode.Scalar(byte)))'"
            }
            return "unexpected byte 0x\(String(byte, radix: 16))"
        case .nulByte: return "NUL byte"
        case .invalidUTF8: return "invalid UTF-8"
        case .controlCharacterInString: return "unescaped control character in string"
        case .invalidEscape: return "invalid escape sequence"
        case .invalidUnicodeEscape: return "invalid \\u escape (bad hex or unpaired surrogate)"
        case .invalidNumber: return "invalid number"
        case .integerOutOfRange: return "integer does not fit in 64 bits"
        case .numberOutOfRange: return "number out of range"
        case .nestingTooDeep(let limit): return "nesting deeper than \(limit)"
        case .duplicateKey(let key): return "duplicate key \"\(key)\""
        case .trailingData: return "data after the JSON value"
        }
    }
}
