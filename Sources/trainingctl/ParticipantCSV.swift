import CSV
import Foundation

/// A participant list read from CSV for `trainingctl import`.
///
/// UTF-8 with or without a byte-order mark; comma-, semicolon- (Excel in a Russian locale)
/// or tab-separated, whichever the header line uses most; quoted fields may hold the
/// separator, quotes ("") and line breaks (parsing is CSV.swift's). Every record remembers the
/// line it starts on, which is the row number sent to the daemon and shown in the outcome.
struct ParticipantCSV {
    /// The columns an import row has (io.trainingd.Registrations.ImportRow).
    enum Column: String, CaseIterable {
        case personID = "person_id"
        case fullName = "full_name"
        case sex
        case birthYear = "birth_year"
        case disability
        case category
        case municipality
        case phone
        case status
        case allowDuplicate = "allow_duplicate"

        /// Header names accepted besides the column's own (English, Russian, Kyrgyz), compared
        /// after `normalize`.
        static let aliases: [String: Column] = [
            "id": .personID, "name": .fullName, "fullname": .fullName, "participant": .fullName, "фио": .fullName,
            "ф.и.о.": .fullName, "ф.и.о": .fullName, "фамилия_имя_отчество": .fullName, "аты_жөнү": .fullName,
            "толук_аты_жөнү": .fullName, "gender": .sex, "пол": .sex, "жынысы": .sex, "year_of_birth": .birthYear,
            "born": .birthYear, "год_рождения": .birthYear, "туулган_жылы": .birthYear, "инвалидность": .disability,
            "овз": .disability, "майыптуулугу": .disability, "категория": .category, "категориясы": .category,
            "aiyl_aimak": .municipality, "soate": .municipality, "муниципалитет": .municipality, "айыл_аймак": .municipality,
            "айылдык_аймак": .municipality, "аймак": .municipality, "соате": .municipality, "телефон": .phone, "тел": .phone,
            "тел.": .phone, "статус": .status,
        ]

        init?(header: String) {
            let name = ParticipantCSV.normalize(header)
            guard let column = Column(rawValue: name) ?? Self.aliases[name] else { return nil }
            self = column
        }
    }

    struct Record {
        /// Line of the file the record starts on (the header is line 1).
        var line: Int
        var values: [Column: String]
    }

    var delimiter: Unicode.Scalar
    var columns: [Column]
    /// Header names that are no import column (left out of the import).
    var ignored: [String]
    var records: [Record]

    /// "Full Name" → "full_name"; the BOM and surrounding blanks go.
    static func normalize(_ text: String) -> String {
        if let ascii = normalizeASCII(text) { return ascii }
        return text.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// `normalize` of ASCII text (nil for any other), the same result without Foundation's
    /// string bridging: an import normalizes every sex, category and status value, and the
    /// Foundation path was half of `trainingctl import`'s CPU for a 10,000-line file.
    static func normalizeASCII(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        // CharacterSet.whitespacesAndNewlines within ASCII: tab, LF, VT, FF, CR, space.
        func blank(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        while let last = bytes.last, blank(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !blank($0) } ?? bytes.endIndex
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count - start)
        for byte in bytes[start...] {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte + 0x20)
            case UInt8(ascii: " "), UInt8(ascii: "-"): out.append(UInt8(ascii: "_"))
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func read(_ bytes: [UInt8], file: String) throws(CtlError) -> ParticipantCSV {
        if let bad = UTF8Check.firstInvalid(bytes) {
            throw CtlError("\(file): line \(bad.line) is not valid UTF-8 (byte 0x\(String(bad.byte, radix: 16, uppercase: true)) at byte \(bad.column) of the line); save the file as UTF-8 (Excel: \"CSV UTF-8\")",
                           exitStatus: .dataError)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let delimiter = detectDelimiter(body)
        let reader: CSVReader
        do {
            // From a String: the bytes are valid UTF-8 (checked above), and the stream reader
            // decodes them again scalar by scalar, half of trainingctl's time on a large list.
            reader = try CSVReader(string: String(decoding: body, as: UTF8.self), hasHeaderRow: true, delimiter: delimiter)
        } catch {
            throw CtlError("\(file): no header line (expected column names such as full_name\(delimiter)sex\(delimiter)category)", exitStatus: .dataError)
        }
        let header = reader.headerRow ?? []
        var columns: [Column?] = []
        var ignored: [String] = []
        for name in header {
            let column = Column(header: name)
            if column == nil, !normalize(name).isEmpty { ignored.append(name) }
            if let column, columns.contains(column) {
                throw CtlError("\(file): line 1: column \(column.rawValue) appears twice", exitStatus: .dataError)
            }
            columns.append(column)
        }
        guard columns.contains(.fullName) || columns.contains(.personID) else {
            throw CtlError("\(file): line 1: no full_name (or person_id) column among \(header.map { "'\($0)'" }.joined(separator: ", "))",
                           exitStatus: .dataError)
        }
        var line = 2 + header.reduce(0) { $0 + $1.newlineCount }
        var records: [Record] = []
        while let fields = reader.next() {
            let start = line
            line += 1 + fields.reduce(0) { $0 + $1.newlineCount }
            var values: [Column: String] = [:]
            for (index, field) in fields.enumerated() where index < columns.count {
                let value = trimmedBlanks(field)
                if let column = columns[index], !value.isEmpty { values[column] = value }
            }
            if !values.isEmpty { records.append(Record(line: start, values: values)) }
        }
        if let error = reader.error { throw CtlError("\(file): cannot read line \(line): \(error)", exitStatus: .dataError) }
        return ParticipantCSV(delimiter: delimiter, columns: columns.compactMap { $0 }, ignored: ignored, records: records)
    }

    /// `text.trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation when the
    /// first and last characters are printable ASCII (nearly every CSV field): trimming every
    /// field through NSString was a fifth of `trainingctl import`'s CPU.
    static func trimmedBlanks(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last,
              (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) else {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return text
    }

    /// The separator the header line uses most, outside quotes: ';', ',' or tab (',' on a tie).
    static func detectDelimiter(_ bytes: [UInt8]) -> Unicode.Scalar {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted && (byte == 0x0A || byte == 0x0D) { break }
            if !quoted && (byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") || byte == 0x09) { counts[byte, default: 0] += 1 }
        }
        let best = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09].max { counts[$0, default: 0] < counts[$1, default: 0] } ?? UInt8(ascii: ",")
        return counts[best, default: 0] > 0 ? Unicode.Scalar(best) : ","
    }
}

extension String {
    /// Line breaks inside a field (CRLF and LF count once, a lone CR too).
    var newlineCount: Int {
        var count = 0
        var previous: Unicode.Scalar?
        for scalar in unicodeScalars {
            if scalar == "\n" && previous != "\r" { count += 1 }
            if scalar == "\r" { count += 1 }
            previous = scalar
        }
        return count
    }
}
