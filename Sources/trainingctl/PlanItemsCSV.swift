import CSV
import Foundation
import Varlink

/// Plan items read from CSV for `trainingctl plan items --file`: a header row naming the
/// PlanItemInput fields, then one item a line. Same file rules as the participant import
/// (UTF-8 with or without BOM; comma, semicolon or tab; CSV.swift parses).
enum PlanItemsCSV {
    /// The columns, by their PlanItemInput name; `integer` ones are sent as numbers.
    static let columns: Set<String> = [
        "item_id", "priority_issue", "activity", "responsible", "due_date", "local_budget", "community", "donor", "status",
        "progress_percent", "progress_note",
    ]
    static let integers: Set<String> = ["local_budget", "community", "donor", "progress_percent"]
    static let aliases: [String: String] = [
        "issue": "priority_issue", "priority": "priority_issue", "due": "due_date", "local": "local_budget",
        "budget_local": "local_budget", "budget_community": "community", "budget_donor": "donor", "progress": "progress_percent",
        "note": "progress_note", "id": "item_id",
    ]

    /// The items of the file, as PlanItemInput objects in file order.
    static func read(_ bytes: [UInt8], file: String) throws(CtlError) -> [JSONValue] {
        if let bad = UTF8Check.firstInvalid(bytes) {
            throw CtlError("\(file): line \(bad.line) is not valid UTF-8; save the file as UTF-8 (Excel: \"CSV UTF-8\")", exitStatus: .dataError)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let reader: CSVReader
        do {
            reader = try CSVReader(string: String(decoding: body, as: UTF8.self), hasHeaderRow: true, delimiter: ParticipantCSV.detectDelimiter(body))
        } catch {
            throw CtlError("\(file): no header line (expected priority_issue,activity,responsible,...)", exitStatus: .dataError)
        }
        var names: [String?] = []
        for header in reader.headerRow ?? [] {
            let name = ParticipantCSV.normalize(header)
            guard let column = columns.contains(name) ? name : aliases[name] else {
                if name.isEmpty { names.append(nil); continue }
                throw CtlError("\(file): line 1: unknown column '\(header)' (known: \(columns.sorted().joined(separator: ", ")))", exitStatus: .dataError)
            }
            names.append(column)
        }
        for required in ["priority_issue", "activity", "responsible"] where !names.contains(required) {
            throw CtlError("\(file): line 1: no \(required) column", exitStatus: .dataError)
        }
        var items: [JSONValue] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            var item = JSONObject()
            for (index, field) in fields.enumerated() where index < names.count {
                let value = field.trimmingCharacters(in: .whitespacesAndNewlines)
                guard let name = names[index], !value.isEmpty else { continue }
                if integers.contains(name) {
                    guard let number = Int64(value.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{A0}", with: "")) else {
                        throw CtlError("\(file): line \(line): \(name) must be a whole number, got '\(value)'", exitStatus: .dataError)
                    }
                    item[name] = .int(number)
                } else {
                    item[name] = .string(value)
                }
            }
            if !item.isEmpty { items.append(.object(item)) }
            line += fields.reduce(0) { $0 + $1.newlineCount }
        }
        if let error = reader.error { throw CtlError("\(file): cannot read line \(line): \(error)", exitStatus: .dataError) }
        guard !items.isEmpty else { throw CtlError("\(file): no items after the header line", exitStatus: .dataError) }
        return items
    }
}
