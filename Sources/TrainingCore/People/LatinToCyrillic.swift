import Foundation

/// The one fixed table that reads a Latin spelling of a Kyrgyz or Russian name as Cyrillic,
/// so that "Aigül Toktosunova", "Aıgül Toktosunova" and "Айгүл Токтосунова" share a name key.
///
/// Input is one lower-case word. Kyrgyz Latin letters map to their own Cyrillic letters
/// (ü→ү, ö→ө, ñ/ŋ→ң, j→ж as in "Jalal-Abad"); digraphs first (shch→щ, sh→ш, ch→ч, zh→ж,
/// kh→х, ts→ц, ya→я, yu→ю, ye/yo→е); i and y after a vowel and before a non-vowel are й
/// ("Aibek", "Aybek"), y is otherwise ы ("Bakyt"); e starting a word is э ("Ernis"), е
/// elsewhere ("Toktobaev"). Other Latin letters with diacritics lose them. Cyrillic passes through, with
/// ё read as е. Anything else (digits, apostrophes) is kept.
public enum LatinToCyrillic {
    public static func transliterate(_ word: String.UnicodeScalarView) -> String {
        // Most names are Cyrillic already: nothing to do but read ё as е.
        if !word.contains(where: { $0.value < 0x0400 && $0.isAlphabeticScalar }) {
            return String(String.UnicodeScalarView(word.map { $0 == "ё" ? "е" : $0 }))
        }
        let s = Array(word).map(prepare)
        var out = String.UnicodeScalarView()
        var i = 0
        func at(_ k: Int) -> Unicode.Scalar? { k >= 0 && k < s.count ? s[k] : nil }
        func starts(_ text: String) -> Bool {
            var k = i
            for scalar in text.unicodeScalars {
                guard at(k) == scalar else { return false }
                k += 1
            }
            return true
        }
        while i < s.count {
            let c = s[i]
            if c.isASCII, startsDigraph[Int(c.value)], let (latin, cyrillic) = digraphs.first(where: { starts($0.0) }) {
                out.append(contentsOf: cyrillic.unicodeScalars)
                i += latin.unicodeScalars.count
                continue
            }
            switch c {
            case "i", "y":
                let afterVowel = at(i - 1).map(isVowel) ?? false
                let beforeVowel = at(i + 1).map(isVowel) ?? false
                if afterVowel && !beforeVowel {
                    out.append("й")
                } else {
                    out.append(c == "i" ? "и" : "ы")
                }
            case "e":
                out.append(i == 0 ? "э" : "е")
            case "x":
                out.append(contentsOf: "кс".unicodeScalars)
            default:
                out.append(c.isASCII ? singleASCII[Int(c.value)] ?? c : single[c] ?? c)
            }
            i += 1
        }
        return String(out)
    }

    /// Longest first, so "shch" wins over "sh".
    static let digraphs: [(String, String)] = [
        ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
        ("ya", "я"), ("yu", "ю"), ("yo", "е"), ("ye", "е"),
    ]

    static let single: [Unicode.Scalar: Unicode.Scalar] = [
        "a": "а", "b": "б", "c": "к", "d": "д", "f": "ф", "g": "г", "h": "х", "j": "ж", "k": "к",
        "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т",
        "u": "у", "v": "в", "w": "в", "z": "з", "ü": "ү", "ö": "ө", "ñ": "ң", "ŋ": "ң",
        "ı": "ы", "ş": "ш", "ç": "ч", "ğ": "г", "ё": "е",
    ]

    static let vowels: Set<Unicode.Scalar> = [
        "a", "e", "i", "o", "u", "y", "ü", "ö", "ı",
        "а", "е", "ё", "и", "о", "у", "ы", "э", "ю", "я", "ү", "ө",
    ]

    static func isVowel(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? asciiVowel[Int(scalar.value)] : vowels.contains(scalar)
    }

    // The tables above, indexed by ASCII value for the letters of Latin-script names: hashing
    // every letter into the dictionaries was most of the cost of transliterating a name.
    static let startsDigraph: [Bool] = asciiTable { scalar in digraphs.contains { $0.0.unicodeScalars.first == scalar } }
    static let singleASCII: [Unicode.Scalar?] = asciiTable { single[$0] }
    static let asciiVowel: [Bool] = asciiTable { vowels.contains($0) }

    private static func asciiTable<T>(_ entry: (Unicode.Scalar) -> T) -> [T] {
        (0..<128).map { entry(Unicode.Scalar(UInt8($0))) }
    }

    /// Keeps the Kyrgyz and Turkish Latin letters the table knows; strips the diacritics of
    /// other Latin letters (é→e, á→a), leaving Cyrillic (й, ё) and everything else alone.
    static func prepare(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII || single[scalar] != nil { return scalar }
        guard (0x00C0...0x024F).contains(scalar.value) else { return scalar }
        let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first ?? scalar
        return base.isASCII ? base : scalar
    }
}
