/// The character classes the name and text rules test for every scalar of every imported
/// row, answered from the scalar's value where its range settles it and from the Unicode
/// property tables otherwise. The tables were a tenth of the daemon's CPU in a 100,000-row
/// import of Latin-script names; the answers are the same (UnicodeScalarClassesTests compares
/// every scalar of the BMP).
extension Unicode.Scalar {
    /// General category Cc: exactly U+0000-001F and U+007F-009F.
    var isControlCharacter: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }

    /// The White_Space property; in ASCII, tab to carriage return and space.
    var isUnicodeWhitespace: Bool {
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        return properties.isWhitespace
    }

    /// General category Mn. None below the combining diacritics (U+0300), nor among the
    /// Cyrillic letters before the combining titlo (U+0483).
    var isNonspacingMark: Bool {
        if value < 0x300 || (0x400..<0x483).contains(value) { return false }
        return properties.generalCategory == .nonspacingMark
    }

    /// The Alphabetic property; in ASCII, the letters.
    var isAlphabeticScalar: Bool {
        if value < 0x80 { return (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }
        return properties.isAlphabetic
    }
}
