import Foundation
import Postgres
import TrainingCore
import Testing
@testable import TrainingStore

/// The stored import outcome written by hand reads back as JSONEncoder's did: a replay decodes
/// it (and outcomes stored before) with `PGJSON.decode`.
@Suite("Import result JSON")
struct ImportResultJSONTests {
    static let sample = RegistrationStore.ImportResult(
        idempotencyKey: "csv:ab\"c\\d", replayed: false, committed: true,
        summary: { var s = ImportSummary(); s.rows = 4; s.created = 1; s.matched = 1; s.waitlisted = 1; s.rejected = 1; s.peopleCreated = 2; return s }(),
        outcomes: [
            ImportRowOutcome(row: 2, outcome: .created, personID: UUID(), personCreated: true, registrationStatus: .registered),
            ImportRowOutcome(row: 3, outcome: .matched, personID: UUID(), alreadyRegistered: true, registrationStatus: .cancelled),
            ImportRowOutcome(row: 4, outcome: .waitlisted, personID: UUID(), personCreated: true, registrationStatus: .waitlisted),
            ImportRowOutcome(row: 5, outcome: .rejected, reason: "must be a uuid, got 'Асанова \"x\"\n\t\u{01}\\ /'", field: "rows[3].full_name",
                             candidates: [UUID(), UUID()]),
        ])

    @Test func decodesToTheSameResult() throws {
        let text = ImportResultJSON.text(Self.sample)
        #expect(try PGJSON(text: text).decode(RegistrationStore.ImportResult.self) == Self.sample)
    }

    @Test func sameDocumentAsJSONEncoder() throws {
        let ours = try JSONSerialization.jsonObject(with: Data(ImportResultJSON.text(Self.sample).utf8)) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: Data(try PGJSON(encoding: Self.sample).text.utf8)) as? NSDictionary
        #expect(ours != nil && ours == theirs)
    }

    @Test func emptyOutcomes() throws {
        var result = Self.sample
        result.outcomes = []
        #expect(try PGJSON(text: ImportResultJSON.text(result)).decode(RegistrationStore.ImportResult.self) == result)
    }
}
