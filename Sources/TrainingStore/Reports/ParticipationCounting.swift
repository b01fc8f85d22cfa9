import Foundation
import Postgres
import TrainingCore

/// Reads the rows of a Participation report's cursor (k0…k<n-1> raw, label, person_id, sex,
/// event_id, m) into a `ParticipationTally`, deriving each key from its raw value
/// (`ParticipationKeys`) and numbering keys, persons, events and municipalities as it goes,
/// and gives the groups back with their key values.
struct ParticipationCounting {
    /// A group's key as the numbers of its values, one per dimension (at most
    /// `ParticipationRequest.maxDimensions`): hashing five integers instead of an array of
    /// strings per row.
    struct KeyNumbers: Hashable, Sendable {
        var n0: Int32 = 0, n1: Int32 = 0, n2: Int32 = 0, n3: Int32 = 0, n4: Int32 = 0

        subscript(index: Int) -> Int32 {
            get {
                switch index {
                case 0: n0
                case 1: n1
                case 2: n2
                case 3: n3
                default: n4
                }
            }
            set {
                switch index {
                case 0: n0 = newValue
                case 1: n1 = newValue
                case 2: n2 = newValue
                case 3: n3 = newValue
                default: n4 = newValue
                }
            }
        }
    }

    /// A uuid by the 36 bytes of its text, unparsed: PostgreSQL writes every uuid in the
    /// same canonical form, so equal texts are equal ids, and the rows carry two per
    /// participation. Only equality matters here.
    struct IDBits: Hashable, Sendable, PGDecodable {
        var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0, e: UInt32 = 0

        init() {}

        init(pgText bytes: UnsafeRawBufferPointer) throws {
            guard bytes.count == 36 else { throw Self.decodingError(bytes) }
            a = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            b = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            c = bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
            d = bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            e = bytes.loadUnaligned(fromByteOffset: 32, as: UInt32.self)
        }
    }

    let groupBy: [ReportDimension]
    let keys: ParticipationKeys
    /// Per dimension: its raw values, numbered; the number of each one's key value; the key
    /// values, numbered (several raw values can give one key, e.g. the days of a year).
    private var raws: [Interner<String?>]
    private var keyOfRaw: [[Int32]]
    private var values: [Interner<String?>]
    private var groups = Interner<KeyNumbers>()
    private var labels: [String?] = []
    private var persons = Interner<IDBits>()
    private var events = Interner<IDBits>()
    private var municipalities = Interner<String>()
    /// Rows come event by event (the base is written so): the last event's number.
    private var lastEvent = (bits: IDBits(), number: Int32(-1))
    private var tally = ParticipationTally()

    init(groupBy: [ReportDimension], keys: ParticipationKeys) {
        precondition(groupBy.count <= ParticipationRequest.maxDimensions)
        self.groupBy = groupBy
        self.keys = keys
        raws = Array(repeating: Interner(), count: groupBy.count)
        keyOfRaw = Array(repeating: [], count: groupBy.count)
        values = Array(repeating: Interner(), count: groupBy.count)
    }

    /// Counts one row of the cursor.
    mutating func add(_ row: PGRow) throws {
        let n = groupBy.count
        var group: Int?
        if n > 0 {
            var key = KeyNumbers()
            for index in 0..<n { key[index] = try keyNumber(index, raw: row.decode(index, as: String?.self)) }
            let number = Int(groups.number(key))
            if number == labels.count { labels.append(try row.decode(n, as: String?.self)) }
            group = number
        }
        let sexText = try row.decode(n + 2, as: String.self)
        guard let sex = Sex(rawValue: sexText) else {
            throw PGError(code: .protocolViolation, message: "report_participation.sex is '\(sexText)', not a Sex")
        }
        let municipality = try row.decode(n + 4, as: String?.self).map { municipalities.number($0) }
        let event = try row.decode(n + 3, as: IDBits.self)
        if event != lastEvent.bits {
            lastEvent = (event, events.number(event))
        }
        tally.add(group: group, person: persons.number(try row.decode(n + 1, as: IDBits.self)), sex: sex,
                  event: lastEvent.number, municipality: municipality)
    }

    /// The number of dimension `index`'s key value for a raw value, derived once per raw value.
    private mutating func keyNumber(_ index: Int, raw: String?) -> Int32 {
        let rawNumber = Int(raws[index].number(raw))
        if rawNumber == keyOfRaw[index].count {
            keyOfRaw[index].append(values[index].number(keys.value(groupBy[index], raw: raw)))
        }
        return keyOfRaw[index][rawNumber]
    }

    /// Each group's key values (one per dimension), first label and measures, unordered;
    /// and the total.
    func finish() -> (groups: [(key: [String?], label: String?, measures: ParticipationMeasures)], total: ParticipationMeasures) {
        let (measures, total) = tally.finish()
        let groups = zip(groups.values, measures).enumerated().map { number, pair in
            (key: groupBy.indices.map { values[$0].values[Int(pair.0[$0])] }, label: labels[number], measures: pair.1)
        }
        return (groups, total)
    }
}
