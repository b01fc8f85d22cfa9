import Foundation

/// The keys that match people by name (io.trainingd.People, "Matching people").
///
/// The strict `key` decides duplicates: the full name NFC-normalised, case-folded, with every
/// run of spaces, '-' and '.' read as one word break, Latin letters transliterated to
/// Cyrillic by one fixed table (`LatinToCyrillic`), ё read as е, and the words sorted, so
/// "Асанова  Айгуль" and "айгуль асанова" share a key and "Aigül Toktosunova" reads as
/// "айгүл токтосунова". ң ө ү stay letters of their own (DESIGN §2): Айгүл and Айгул are two
/// names for the strict key.
///
/// The lenient `searchWords` serve FindPeople: the strict words further folded so that ң ө ү
/// match н о у, э matches е, й matches и and soft/hard signs vanish. "Aigul" then finds
/// "Айгүл" and "Айгуль".
public enum NameKey {
    /// The strict key stored as person.name_key; empty when the name has no word.
    public static func key(_ name: String) -> String {
        words(name).sorted().joined(separator: " ")
    }

    /// The lenient key stored as person.search_key: the search words, sorted.
    public static func searchKey(_ name: String) -> String {
        searchWords(name).sorted().joined(separator: " ")
    }

    /// The lenient words of a name or of a search query, in their order.
    public static func searchWords(_ text: String) -> [String] {
        words(text).map(lenient).filter { !$0.isEmpty }
    }

    /// Both stored keys of a name, from one pass over it (imports compute them for every row).
    public static func keys(_ name: String) -> (key: String, searchKey: String) {
        let strict = words(name)
        return (strict.sorted().joined(separator: " "), strict.map(lenient).filter { !$0.isEmpty }.sorted().joined(separator: " "))
    }

    /// The strict words, in the order written.
    static func words(_ name: String) -> [String] {
        let folded = name.nfc.lowercased()
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(LatinToCyrillic.transliterate(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in folded.unicodeScalars {
            if isBreak(scalar) { flush() } else { current.append(scalar) }
        }
        flush()
        return words.filter { !$0.isEmpty }
    }

    /// Spaces of every kind, '-' and the other dashes, and '.'.
    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isUnicodeWhitespace { return true }
        switch scalar {
        case "-", ".", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": return true
        default: return false
        }
    }

    static func lenient(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            switch scalar {
            case "ң": out.append("н")
            case "ө": out.append("о")
            case "ү": out.append("у")
            case "э": out.append("е")
            case "й": out.append("и")
            case "ь", "ъ": continue
            default:
                if scalar.isNonspacingMark { continue }
                out.append(scalar)
            }
        }
        return String(out)
    }
}
