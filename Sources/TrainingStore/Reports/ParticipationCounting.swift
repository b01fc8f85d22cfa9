import Foundation
import Postgres
import TrainingCore

/// Reads the rows of a Participation report's cursor (k0…k<n-1> raw, label, person_id, sex,
/// event_id, m) into a `ParticipationTally`, deriving each key from its raw value
/// (`ParticipationKeys`, once per distinct raw value) and numbering keys, persons, events and
/// municipalities as it goes, straight from the row's bytes (`BytesInterner`): about half a
/// million rows per report, counted while PostgreSQL produces the next chunk.
struct ParticipationCounting {
    /// A group's key as the numbers of its values, one per dimension (at most
    /// `ParticipationRequest.maxDimensions`), numbered itself by its 20 bytes.
    struct KeyNumbers {
        var numbers: (Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0)

        mutating func set(_ index: Int, _ value: Int32) {
            switch index {
            case 0: numbers.0 = value
            case 1: numbers.1 = value
            case 2: numbers.2 = value
            case 3: numbers.3 = value
            default: numbers.4 = value
            }
        }

        func get(_ index: Int) -> Int32 {
            switch index {
            case 0: numbers.0
            case 1: numbers.1
            case 2: numbers.2
            case 3: numbers.3
            default: numbers.4
            }
        }
    }

    /// One dimension's numbering: raw values (short ones by their bytes, long ones and NULL
    /// apart) to the number of their key value; the key values, numbered (several raw values
    /// can give one key, e.g. the days of a year).
    struct Dimension {
        let dimension: ReportDimension
        var raws = BytesInterner()
        var keyOfRaw: [Int32] = []
        var keyOfLong: [String: Int32] = [:]
        var keyOfNull: Int32?
        var values = Interner<String?>()

        mutating func keyNumber(_ bytes: UnsafeRawBufferPointer?, _ keys: ParticipationKeys) -> Int32 {
            guard let bytes else {
                if let known = keyOfNull { return known }
                let number = values.number(keys.value(dimension, raw: nil))
                keyOfNull = number
                return number
            }
            if let raw = raws.number(bytes) {
                if raw.isNew { keyOfRaw.append(values.number(keys.value(dimension, raw: String(decoding: bytes, as: UTF8.self)))) }
                return keyOfRaw[Int(raw.number)]
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if let known = keyOfLong[text] { return known }
            let number = values.number(keys.value(dimension, raw: text))
            keyOfLong[text] = number
            return number
        }
    }

    let keys: ParticipationKeys
    private var dimensions: [Dimension]
    private var groups = BytesInterner()
    private var groupKeys: [KeyNumbers] = []
    private var labels: [String?] = []
    private var persons = BytesInterner()
    private var events = BytesInterner()
    private var municipalities = BytesInterner()
    private var tally = ParticipationTally()

    init(groupBy: [ReportDimension], keys: ParticipationKeys) {
        precondition(groupBy.count <= ParticipationRequest.maxDimensions)
        self.keys = keys
        dimensions = groupBy.map { Dimension(dimension: $0) }
    }

    /// Counts one row of the cursor.
    mutating func add(_ row: PGRow) throws {
        let n = dimensions.count
        var group: Int?
        if n > 0 {
            var key = KeyNumbers()
            for index in 0..<n {
                let number = try row.withBytes(index) { dimensions[index].keyNumber($0, keys) }
                key.set(index, number)
            }
            let numbered = try withUnsafeBytes(of: key.numbers) { try Self.number(&groups, $0, "group key") }
            if numbered.isNew {
                groupKeys.append(key)
                labels.append(try row.decode(n, as: String?.self))
            }
            group = Int(numbered.number)
        }
        let sex = try row.withBytes(n + 2) { bytes in Sex.allCases.first { bytes?.elementsEqual($0.rawValue.utf8) == true } }
        guard let sex else {
            throw PGError(code: .protocolViolation, message: "report_participation.sex is '\(try row.decode(n + 2, as: String?.self) ?? "NULL")', not a Sex")
        }
        let person = try row.withBytes(n + 1) { try Self.number(&persons, $0, "person_id") }
        let event = try row.withBytes(n + 3) { try Self.number(&events, $0, "event_id") }
        let municipality = try row.withBytes(n + 4) { bytes in try bytes.map { try Self.number(&municipalities, $0, "municipality") } }
        tally.add(group: group, person: person.number, sex: sex, event: event.number, municipality: municipality?.number)
    }

    /// Numbers a value that must be short and present: uuids (36 bytes) and SOATE codes (14
    /// digits, checked against the gazetteer when a registration is written).
    private static func number(_ interner: inout BytesInterner, _ bytes: UnsafeRawBufferPointer?, _ what: String) throws -> (number: Int32, isNew: Bool) {
        guard let bytes, let numbered = interner.number(bytes) else {
            throw PGError(code: .protocolViolation, message: "report row: \(what) is NULL or longer than \(BytesInterner.maxLength) bytes")
        }
        return numbered
    }

    /// Each group's key values (one per dimension), first label and measures, unordered;
    /// and the total.
    func finish() -> (groups: [(key: [String?], label: String?, measures: ParticipationMeasures)], total: ParticipationMeasures) {
        let (measures, total) = tally.finish()
        let groups = zip(groupKeys, measures).enumerated().map { number, pair in
            (key: dimensions.indices.map { dimensions[$0].values.values[Int(pair.0.get($0))] }, label: labels[number], measures: pair.1)
        }
        return (groups, total)
    }
}
