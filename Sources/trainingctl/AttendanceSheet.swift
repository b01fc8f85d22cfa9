#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The marks of one day as `trainingctl attend` reads them: `PERSON[:STATUS]` arguments, or a
/// sheet file with one `person_id,status` line per person.
///
/// The file format is what a spreadsheet saves as CSV: UTF-8 with or without a byte order
/// mark, comma- or semicolon-separated (Excel in a Russian locale writes ';'), CRLF or LF,
/// an optional `person_id,status` header, fields optionally in double quotes, empty trailing
/// columns ignored, blank lines and lines starting with '#' skipped. The status may be left
/// out (the default status then applies). Two columns of ids and words need no CSV library.
struct AttendanceSheet: Equatable {
    static let statuses = ["present", "late", "excused", "absent"]

    struct Mark: Equatable {
        var personID: String
        var status: String
        /// 1-based line in the file; nil for a command-line argument.
        var line: Int?
    }

    var marks: [Mark] = []

    /// From `PERSON[:STATUS]` arguments.
    init(arguments: [String], defaultStatus: String) throws(CtlError) {
        for argument in arguments {
            var person = Substring(argument)
            var status = defaultStatus
            if let colon = argument.lastIndex(of: ":") {
                person = argument[..<colon]
                status = String(argument[argument.index(after: colon)...])
            }
            try Self.checkStatus(status, at: "'\(argument)'")
            marks.append(Mark(personID: String(person), status: status, line: nil))
        }
    }

    /// From the text of a sheet file named `name` (for messages).
    init(text: String, name: String, defaultStatus: String) throws(CtlError) {
        var lineNumber = 0
        var sawData = false
        // "\r\n" is one Character in Swift, so CRLF, LF and CR are each a line end here.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lineNumber += 1
            var line = Substring(rawLine)
            if lineNumber == 1, line.first == "\u{FEFF}" { line = line.dropFirst() }
            let trimmed = Self.trim(line)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var fields = trimmed.split(separator: trimmed.contains(";") ? ";" : ",", omittingEmptySubsequences: false).map(Self.field)
            while fields.count > 1, fields.last?.isEmpty == true { fields.removeLast() }
            if !sawData {
                sawData = true
                if fields.first?.lowercased() == "person_id" { continue }
            }
            guard fields.count <= 2 else {
                throw .usage("\(name) line \(lineNumber): expected person_id,status, got \(fields.count) columns")
            }
            guard let person = fields.first, !person.isEmpty else {
                throw .usage("\(name) line \(lineNumber): the person_id is missing")
            }
            let status = fields.count == 2 && !fields[1].isEmpty ? fields[1].lowercased() : defaultStatus
            try Self.checkStatus(status, at: "\(name) line \(lineNumber)")
            marks.append(Mark(personID: person, status: status, line: lineNumber))
        }
        guard !marks.isEmpty else { throw .usage("\(name) has no marks (expected lines of person_id,status)") }
    }

    /// Reads a sheet file, refusing text that is not UTF-8.
    static func load(path: String, defaultStatus: String) throws(CtlError) -> AttendanceSheet {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .usage("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .usage("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += buffer[..<count]
            guard bytes.count <= 16 << 20 else { throw .usage("\(path) is larger than 16 MiB; split it") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .usage("\(path) is not UTF-8 text (save it as \"CSV UTF-8\")")
        }
        return try AttendanceSheet(text: text, name: path, defaultStatus: defaultStatus)
    }

    private static func checkStatus(_ status: String, at place: String) throws(CtlError) {
        guard statuses.contains(status) else {
            throw .usage("\(place): unknown status '\(status)' (one of \(statuses.joined(separator: ", ")))")
        }
    }

    private static func field(_ text: Substring) -> String {
        var value = trim(text)
        if value.count >= 2, value.first == "\"", value.last == "\"" {
            value = trim(value.dropFirst().dropLast())
        }
        return String(value)
    }

    private static func trim(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}
