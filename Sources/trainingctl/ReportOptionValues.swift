import ArgumentParser
import Varlink

/// Checks and conversions of report option values, each failure naming its option, before
/// anything is sent (exit 64 with ArgumentParser's usage line).
enum ReportOptionValues {
    /// A calendar day, YYYY-MM-DD.
    static func day(_ text: String, option: String) throws -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { throw ValidationError("\(option): '\(text)' is not a day (YYYY-MM-DD, e.g. 2019-04-16)") }
        return text
    }

    /// A 14-digit SOATE code.
    static func soate(_ text: String, option: String) throws -> String {
        guard text.utf8.count == 14, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw ValidationError("\(option): '\(text)' is not a 14-digit SOATE code (see trainingctl geo oblasts / geo districts)")
        }
        return text
    }

    /// Dimensions given as a comma list or by repeating the option: known, each once, at most 5.
    static func dimensions(_ values: [String], option: String) throws -> [String] {
        let names = values.flatMap { $0.split(separator: ",").map { $0.strippingSpaces() } }
        var seen: [String] = []
        for name in names {
            guard ReportDimension.all.contains(name) else {
                throw ValidationError("\(option): unknown dimension '\(name)' (choose from \(ReportDimension.all.joined(separator: ", ")))")
            }
            guard !seen.contains(name) else { throw ValidationError("\(option): '\(name)' is given twice") }
            seen.append(name)
        }
        guard seen.count <= 5 else { throw ValidationError("\(option): at most 5 dimensions, \(seen.count) given") }
        return seen
    }

    /// Lower bounds of age bands: "0,18,30,45,60", ascending, starting at 0.
    static func ageBands(_ text: String, option: String) throws -> [Int] {
        let bounds = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.strippingSpaces()) }
        guard !bounds.isEmpty, bounds.allSatisfy({ $0 != nil }) else {
            throw ValidationError("\(option): '\(text)' is not a comma list of ages, e.g. 0,18,30,45,60")
        }
        let ages = bounds.compactMap { $0 }
        guard ages.first == 0 else { throw ValidationError("\(option): the first band must start at 0") }
        guard zip(ages, ages.dropFirst()).allSatisfy({ $0 < $1 }), ages.last! <= 150 else {
            throw ValidationError("\(option): ages must be strictly ascending and at most 150")
        }
        return ages
    }

    /// A non-empty list as a JSON array of strings, or nothing.
    static func strings(_ values: [String]) -> JSONValue? {
        values.isEmpty ? nil : .array(values.map { .string($0) })
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces.
    func strippingSpaces() -> String {
        String(String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()))
    }
}
