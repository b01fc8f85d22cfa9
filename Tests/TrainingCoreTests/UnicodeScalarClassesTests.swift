@testable import TrainingCore
import Testing

/// The value-range shortcuts answer exactly as the Unicode property tables, for every scalar
/// of the Basic Multilingual Plane (names and text fields are checked scalar by scalar).
@Suite("Unicode scalar classes")
struct UnicodeScalarClassesTests {
    static let scalars = (0...0xFFFF).compactMap(Unicode.Scalar.init(_:) as (UInt32) -> Unicode.Scalar?)

    @Test func shortcutsAgreeWithThePropertyTables() {
        var disagreements: [String] = []
        for scalar in Self.scalars {
            let properties = scalar.properties
            if scalar.isControlCharacter != (properties.generalCategory == .control) { disagreements.append("control \(scalar.value)") }
            if scalar.isUnicodeWhitespace != properties.isWhitespace { disagreements.append("whitespace \(scalar.value)") }
            if scalar.isNonspacingMark != (properties.generalCategory == .nonspacingMark) { disagreements.append("Mn \(scalar.value)") }
            if scalar.isAlphabeticScalar != properties.isAlphabetic { disagreements.append("alphabetic \(scalar.value)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        #expect(Self.scalars.count == 0x10000 - 0x800)
    }
}
