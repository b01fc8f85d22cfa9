import Varlink

/// Turns CSV records into io.trainingd.Registrations.ImportRow objects, checking locally what
/// the daemon's types would refuse for the whole call (an unknown sex or category, a year that
/// is no number), and splits them into calls under the daemon's limits.
enum ImportRows {
    static let sexes: [String: String] = [
        "female": "female", "f": "female", "w": "female", "woman": "female", "ж": "female", "жен": "female", "женский": "female",
        "женщина": "female", "аял": "female", "кыз": "female",
        "male": "male", "m": "male", "man": "male", "м": "male", "муж": "male", "мужской": "male", "мужчина": "male", "эркек": "male",
        "not_recorded": "not_recorded", "-": "not_recorded", "unknown": "not_recorded", "не_указан": "not_recorded",
    ]
    static let booleans: [String: Bool] = [
        "yes": true, "y": true, "true": true, "1": true, "да": true, "ооба": true,
        "no": false, "n": false, "false": false, "0": false, "нет": false, "жок": false,
    ]

    static func build(_ csv: ParticipantCSV, file: String, daemon: DaemonConnection, allowDuplicates: Bool) async throws(CtlError) -> [JSONValue] {
        var problems: [String] = []
        var resolved: [String: String] = [:]
        var rows: [JSONValue] = []
        for record in csv.records {
            var row: JSONObject = ["row": .int(Int64(record.line))]
            func problem(_ column: ParticipantCSV.Column, _ text: String) { problems.append("line \(record.line): \(column.rawValue): \(text)") }
            for (column, value) in record.values.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                // Only the enumerated columns compare a normalized value: names, phones and codes never pay for it.
                var key: String { ParticipantCSV.normalize(value) }
                switch column {
                case .fullName, .phone, .personID:
                    row[column.rawValue] = .string(value)
                case .sex:
                    if let sex = sexes[key] { row["sex"] = .string(sex) } else { problem(column, "unknown value '\(value)' (female, male or not_recorded)") }
                case .category:
                    if let category = CategoryArgument(rawValue: key) { row["category"] = .string(category.rawValue) } else {
                        problem(column, "unknown value '\(value)' (\(CategoryArgument.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                case .status:
                    if let status = RegistrationStatusArgument(rawValue: key) { row["status"] = .string(status.rawValue) } else {
                        problem(column, "unknown value '\(value)' (registered, waitlisted or cancelled)")
                    }
                case .birthYear:
                    if let year = Int64(value) { row["birth_year"] = .int(year) } else { problem(column, "'\(value)' is not a year") }
                case .disability, .allowDuplicate:
                    if let flag = booleans[key] { row[column.rawValue] = .bool(flag) } else { problem(column, "'\(value)' is not yes or no") }
                case .municipality:
                    if value.utf8.count == 14 && value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                        row["municipality"] = .string(value)
                    } else if let code = resolved[value] {
                        row["municipality"] = .string(code)
                    } else {
                        do throws(CtlError) {
                            let code = try await MunicipalityResolver.code(value, daemon, option: "line \(record.line) municipality")
                            resolved[value] = code
                            row["municipality"] = .string(code)
                        } catch where error.exitStatus == .usage {
                            problems.append(error.message)
                        }
                    }
                }
            }
            if allowDuplicates { row["allow_duplicate"] = true }
            rows.append(.object(row))
        }
        guard problems.isEmpty else {
            let shown = problems.prefix(20).joined(separator: "\n  ")
            throw CtlError("\(file): \(problems.count) problem(s), nothing imported:\n  \(shown)\(problems.count > 20 ? "\n  ..." : "")",
                           exitStatus: .dataError)
        }
        return rows
    }

    /// An upper bound of a row's JSON size without serialising it: keys and strings as the
    /// serializer writes them (UTF-8 as is; quote and backslash 2 bytes, other control
    /// characters at most 6), integers at most 20 characters, booleans 5, and a separator per
    /// member (one more than needed: it pays for the comma between rows). Exact enough that a
    /// call carries as many rows as the message limit allows: fewer calls, fewer transactions.
    static func estimatedSize(_ row: JSONValue) -> Int {
        guard let object = row.objectValue else { return row.jsonString.utf8.count }
        return object.reduce(2) { size, field in
            let value: Int
            switch field.value {
            case .string(let text): value = encodedSize(text)
            case .int: value = 20
            case .bool: value = 5
            default: value = field.value.jsonString.utf8.count
            }
            return size + encodedSize(field.key) + 2 + value
        }
    }

    /// The most bytes `text` takes as a JSON string, quotes included.
    static func encodedSize(_ text: String) -> Int {
        text.utf8.reduce(2) { size, byte in
            size + (byte < 0x20 ? 6 : (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") ? 2 : 1))
        }
    }

    /// Consecutive slices of at most `maxRows` rows whose call stays under `maxBytes`.
    static func chunks(_ rows: [JSONValue], maxBytes: Int, maxRows: Int) -> [[JSONValue]] {
        let budget = max(maxBytes - 16_384, 4_096)
        var chunks: [[JSONValue]] = []
        var current: [JSONValue] = []
        var size = 0
        for row in rows {
            let rowSize = estimatedSize(row)
            if !current.isEmpty && (size + rowSize > budget || current.count >= maxRows) {
                chunks.append(current)
                current = []
                size = 0
            }
            current.append(row)
            size += rowSize
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}
