import Foundation
import Testing
@testable import TrainingCore

/// The import's fast paths give what the general paths give.
@Suite("Import fast paths")
struct ImportFastPathTests {
    @Test(arguments: ["Import Participant 17", "  Asanova-Aigul. ", "Айгүл Асанова", "Cafe\u{301} x", "e\u{301}", "", "\u{1}\t"])
    func nfcMatchesFoundation(_ text: String) {
        #expect(text.nfc.unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test func randomUUIDsAreVersion4() {
        var seen = Set<UUID>()
        for _ in 0..<1_000 {
            let id = UUID.randomV4()
            let bytes = id.uuid
            #expect(bytes.6 >> 4 == 4 && bytes.8 >> 6 == 0b10)
            seen.insert(id)
        }
        #expect(seen.count == 1_000)
    }
}
