import Testing
import TrainingCore

/// FIPS 180-4 test vectors, block boundaries, and pieces fed in any split: the import's
/// request hash must equal what PostgreSQL's `sha256()` stored for earlier calls.
@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func aDigestMidwayLeavesTheHashGoing() {
        var hash = SHA256()
        hash.update("ab")
        #expect(hash.hexDigest() == SHA256.hex("ab") && hash.hexDigest() == SHA256.hex("ab"))
        hash.update("c")
        #expect(hash.hexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func utf8TextHashesItsBytes() {
        let text = "Гүлчө\nАйыл өкмөтү"
        #expect(SHA256.hex(text) == SHA256.hex(Array(text.utf8)))
    }

    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000])
    func anySplitGivesTheSameDigest(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hex(bytes)
        for cut in Set([0, 1, length / 3, length / 2, max(length - 1, 0), length]) where cut <= length {
            var hash = SHA256()
            hash.update(bytes[..<cut])
            hash.update(bytes[cut...])
            #expect(hash.hexDigest() == whole, "cut at \(cut) of \(length)")
        }
    }
}
