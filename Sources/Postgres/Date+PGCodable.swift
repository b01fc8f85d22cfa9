import Foundation

/// `timestamptz` as an instant. Sessions are pinned to `TimeZone=UTC` and `DateStyle=ISO`
/// (see `PGConnection`), but the parser accepts any ISO offset so a changed zone cannot
/// silently shift a value.
extension Date: PGEncodable, PGDecodable {
    public static var pgType: PGType { .timestamptz }

    public func encode(into buffer: inout [UInt8]) {
        let micros = Int64((timeIntervalSince1970 * 1_000_000).rounded())
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; days -= 1 }
        let date = PGDate(daysSinceEpoch: Int(days))
        let secs = rest / 1_000_000
        let frac = rest % 1_000_000
        func pad(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        let text = "\(date) \(pad(secs / 3600, 2)):\(pad(secs / 60 % 60, 2)):\(pad(secs % 60, 2)).\(pad(frac, 6))+00"
        buffer.append(contentsOf: text.utf8)
    }

    public init(pgText bytes: UnsafeRawBufferPointer) throws {
        guard let value = TimestampParser.parse(Array(bytes)) else { throw Self.decodingError(bytes) }
        self = value
    }
}

enum TimestampParser {
    /// `YYYY-MM-DD HH:MM:SS[.ffffff](+|-)HH[:MM[:SS]]`
    static func parse(_ b: [UInt8]) -> Date? {
        guard b.count >= 22, let date = PGDate(iso: String(decoding: b[0..<10], as: UTF8.self)),
            b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"),
            let hh = CivilCalendar.digits(b[11..<13]), let mi = CivilCalendar.digits(b[14..<16]),
            let ss = CivilCalendar.digits(b[17..<19])
        else { return nil }
        var i = 19
        var micros = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 100_000
            while i < b.count, let d = CivilCalendar.digits(b[i..<(i + 1)]) {
                micros += d * scale
                scale /= 10
                i += 1
            }
        }
        guard i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
        let parts = String(decoding: b[(i + 1)...], as: UTF8.self).split(separator: ":")
        guard (1...3).contains(parts.count) else { return nil }
        var offset = 0
        for (index, part) in parts.enumerated() {
            guard part.count == 2, let v = Int(part) else { return nil }
            offset += v * [3600, 60, 1][index]
        }
        let seconds = date.daysSinceEpoch * 86_400 + hh * 3600 + mi * 60 + ss - sign * offset
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}
