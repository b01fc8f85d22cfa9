/// The name patterns of the Varlink grammar (reference §1.8), checked without regular expressions.
enum VarlinkNames {
    /// `[A-Za-z]([-]*[A-Za-z0-9])*(\.[A-Za-z0-9]([-]*[A-Za-z0-9])*)+`: at least two labels; a label
    /// may contain dashes but not start or end with one; the first label starts with a letter.
    static func isInterfaceName(_ name: String) -> Bool {
        let labels = name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for (index, label) in labels.enumerated() {
            guard let first = label.first, let last = label.last else { return false }
            if index == 0 && !isLetter(first) { return false }
            guard isAlphanumeric(first), isAlphanumeric(last) else { return false }
            for byte in label where !(isAlphanumeric(byte) || byte == UInt8(ascii: "-")) { return false }
        }
        return true
    }

    /// `[A-Z][A-Za-z0-9]*`: types, methods, errors.
    static func isMemberName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { return false }
        return name.utf8.allSatisfy(isAlphanumeric)
    }

    /// `[A-Za-z](_?[A-Za-z0-9])*`: fields and enum values.
    static func isFieldName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first), name.utf8.last != UInt8(ascii: "_") else { return false }
        var previousUnderscore = false
        for byte in name.utf8 {
            if byte == UInt8(ascii: "_") {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else if isAlphanumeric(byte) {
                previousUnderscore = false
            } else {
                return false
            }
        }
        return true
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
