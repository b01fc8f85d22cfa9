import Foundation

extension UUID {
    /// Parses the canonical text (8-4-4-4-12 hex digits, either case); every id a user or the
    /// database gives goes through it. Foundation's `UUID(uuidString:)` on Linux scans with
    /// sscanf's `%2hhx`, which also reads " 0234567-…", "+0234567-…" or "0x234567-…" as some
    /// other id (" 0234567-89ab-…" becomes 02345607-89ab-…), so a mistyped id would name
    /// someone else instead of being refused. It is also faster: attendance sheets and query
    /// results parse an id per row (a few percent of the daemon's CPU for a sheet of 30 marks).
    @inlinable
    public init?(text: some StringProtocol) {
        self.init(utf8: text.utf8)
    }

    /// The same from UTF-8 bytes (a column value as libpq returns it).
    @inlinable
    public init?(utf8 text: some Sequence<UInt8>) {
        var bytes = (0 as UInt64, 0 as UInt64)
        var count = 0
        var valid = true
        var position = 0
        for byte in text {
            defer { position += 1 }
            guard position < 36 else { valid = false; break }
            if position == 8 || position == 13 || position == 18 || position == 23 {
                if byte != UInt8(ascii: "-") { valid = false; break }
                continue
            }
            guard let nibble = Self.nibble(byte) else { valid = false; break }
            if count < 16 { bytes.0 = bytes.0 << 4 | UInt64(nibble) } else { bytes.1 = bytes.1 << 4 | UInt64(nibble) }
            count += 1
        }
        guard valid, position == 36, count == 32 else { return nil }
        let high = bytes.0.bigEndian, low = bytes.1.bigEndian
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { raw in
            raw.storeBytes(of: high, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: low, toByteOffset: 8, as: UInt64.self)
        }
        self.init(uuid: uuid)
    }

    @usableFromInline
    static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The canonical lower-case text (8-4-4-4-12), the form PostgreSQL prints and parses.
    /// Foundation's `uuidString` formats through snprintf and is upper case, so
    /// `uuidString.lowercased()` cost a printf and two strings per id: about a twentieth of
    /// the daemon's CPU in a 100,000-row import, which writes each new id three times.
    public var lowercasedText: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            var count = 0
            appendLowercasedText { byte in
                buffer[count] = byte
                count += 1
            }
            return count
        }
    }

    /// The same text, byte by byte (query parameters are written straight into their buffer).
    @inlinable
    public func appendLowercasedText(_ append: (UInt8) -> Void) {
        withUnsafeBytes(of: uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { append(UInt8(ascii: "-")) }
                append(Self.hexDigit(byte >> 4))
                append(Self.hexDigit(byte & 0x0F))
            }
        }
    }

    @inlinable
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }
}
