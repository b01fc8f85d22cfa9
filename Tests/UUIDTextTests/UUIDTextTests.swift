import Foundation
import Testing
import UUIDText

@Suite("UUID text")
struct UUIDTextTests {
    static let edges = [
        UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
        UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
        UUID(uuid: (0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x10, 0x9A, 0xBC, 0xDE, 0xF0, 0x0F, 0xA5, 0x5A)),
    ]

    @Test func writesFoundationsTextInLowerCase() {
        for id in Self.edges + (0..<1_000).map({ _ in UUID() }) {
            #expect(id.lowercasedText == id.uuidString.lowercased())
            var bytes: [UInt8] = []
            id.appendLowercasedText { bytes.append($0) }
            #expect(bytes == Array(id.lowercasedText.utf8))
        }
        #expect(Self.edges[2].lowercasedText == "01234567-89ab-cdef-109a-bcdef00fa55a")
    }

    /// Every id Foundation writes reads back, in either case, from text or from bytes.
    @Test func readsEveryCanonicalId() {
        for id in Self.edges + (0..<1_000).map({ _ in UUID() }) {
            #expect(UUID(text: id.uuidString) == id && UUID(text: id.lowercasedText) == id)
            #expect(UUID(utf8: Array(id.lowercasedText.utf8)) == id)
            #expect(UUID(text: id.lowercasedText[...]) == id)
        }
        #expect(UUID(text: "01234567-89AB-cdef-109a-BCDEF00FA55A")?.lowercasedText == "01234567-89ab-cdef-109a-bcdef00fa55a")
    }

    @Test(arguments: [
        "", "01234567-89ab-cdef-109a-bcdef00fa55", "01234567-89ab-cdef-109a-bcdef00fa55a0", "0123456789ab-cdef-109a-bcdef00fa55a-",
        "01234567_89ab-cdef-109a-bcdef00fa55a", "0123456g-89ab-cdef-109a-bcdef00fa55a", "{01234567-89ab-cdef-109a-bcdef00fa55}",
        "0123456789abcdef109abcdef00fa55a", " 01234567-89ab-cdef-109a-bcdef00fa55a", "01234567-89ab-cdef-109a-bcdef00fa5５",
        "01234567-89ab-cdef-109a-bcdef00fa55a\n", "01234567-89ab-cdef-109a-bcdef00fa55\u{0}",
    ])
    func refusesWhatIsNoCanonicalId(_ text: String) {
        #expect(UUID(text: text) == nil)
        #expect(UUID(utf8: Array(text.utf8)) == nil)
    }

    /// The texts Foundation's sscanf-based parser reads as some other id: each is refused, so
    /// a mistyped id is an error instead of another person or event.
    @Test(arguments: [
        " 0234567-89ab-cdef-0123-456789abcdef", "+0234567-89ab-cdef-0123-456789abcdef",
        "-0234567-89ab-cdef-0123-456789abcdef", "0x234567-89ab-cdef-0123-456789abcdef",
        "01234567-+9ab-cdef-0123-456789abcdef", "01234567-89ab-cdef-0123-45678 9abcde",
    ])
    func refusesWhatSscanfMisreads(_ text: String) {
        #expect(UUID(text: text) == nil)
    }
}
