import Postgres
import TrainingCore

/// Days travel as PostgreSQL `date`.
extension Day: PGEncodable, PGDecodable {
    public static var pgType: PGType { .date }
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: description.utf8) }
    public init(pgText bytes: UnsafeRawBufferPointer) throws {
        let date = try PGDate(pgText: bytes)
        self.init(ordinal: date.daysSinceEpoch)
    }
}
