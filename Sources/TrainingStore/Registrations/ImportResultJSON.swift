import Foundation
import TrainingCore

/// ImportRegistrations' stored outcome (import_batch.outcome) as JSON text, written directly:
/// the same members and values `JSONEncoder` writes for `ImportResult` (so `PGJSON.decode`
/// reads it back, as it reads outcomes stored before), at a fraction of the cost. Encoding a
/// 10,000-row outcome with `JSONEncoder` was a tenth of the daemon's CPU for the import.
enum ImportResultJSON {
    static func text(_ result: RegistrationStore.ImportResult) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64 + result.outcomes.count * 160)
        let s = result.summary
        out.append(contentsOf: Array("{\"committed\":\(result.committed),\"idempotencyKey\":".utf8))
        string(result.idempotencyKey, into: &out)
        out.append(contentsOf: Array(",\"outcomes\":[".utf8))
        for (index, outcome) in result.outcomes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            row(outcome, into: &out)
        }
        out.append(contentsOf: Array("],\"replayed\":\(result.replayed),\"summary\":{\"created\":\(s.created),\"matched\":\(s.matched),".utf8))
        out.append(contentsOf: Array("\"peopleCreated\":\(s.peopleCreated),\"rejected\":\(s.rejected),\"rows\":\(s.rows),\"waitlisted\":\(s.waitlisted)}}".utf8))
        return String(decoding: out, as: UTF8.self)
    }

    /// One ImportRowOutcome, keys sorted; absent optionals are left out, as JSONEncoder does.
    private static func row(_ o: ImportRowOutcome, into out: inout [UInt8]) {
        out.append(contentsOf: Array("{\"alreadyRegistered\":\(o.alreadyRegistered)".utf8))
        if let candidates = o.candidates {
            out.append(contentsOf: Array(",\"candidates\":[".utf8))
            for (index, id) in candidates.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                string(id.uuidString, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        if let field = o.field {
            out.append(contentsOf: Array(",\"field\":".utf8))
            string(field, into: &out)
        }
        out.append(contentsOf: Array(",\"outcome\":\"\(o.outcome.rawValue)\",\"personCreated\":\(o.personCreated)".utf8))
        if let id = o.personID {
            out.append(contentsOf: Array(",\"personID\":".utf8))
            string(id.uuidString, into: &out)
        }
        if let reason = o.reason {
            out.append(contentsOf: Array(",\"reason\":".utf8))
            string(reason, into: &out)
        }
        if let status = o.registrationStatus {
            out.append(contentsOf: Array(",\"registrationStatus\":\"\(status.rawValue)\"".utf8))
        }
        out.append(contentsOf: Array(",\"row\":\(o.row)}".utf8))
    }

    /// A JSON string: quote, backslash and control characters escaped, everything else as UTF-8.
    static func string(_ text: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20: out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
