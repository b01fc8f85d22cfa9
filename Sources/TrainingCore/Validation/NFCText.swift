import Foundation

extension String {
    /// The text in Unicode Normalization Form C. ASCII text is NFC already (no ASCII character
    /// decomposes or composes), so it is returned as it is: Foundation's normalisation bridges
    /// through NSString and was the largest cost of validating ImportRegistrations rows (names,
    /// phones) in bulk.
    var nfc: String {
        if utf8.allSatisfy({ $0 < 0x80 }) { return self }
        return precomposedStringWithCanonicalMapping
    }
}
