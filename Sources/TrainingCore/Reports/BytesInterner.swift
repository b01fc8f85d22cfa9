/// Numbers short byte strings (up to `maxLength` bytes: uuids as text, codes, dates) densely in
/// order of first appearance, straight from the bytes a result row holds: no String is made and
/// no SipHash computed per row, which is where a report's daemon time went. Longer values are
/// the caller's to number another way (`number` answers nil). Up to three quarters full.
public struct BytesInterner: Sendable {
    public static let maxLength = 40
    /// Per slot: five words of bytes (zero-padded) and a sixth holding length + 1 (0: empty).
    @usableFromInline var words: [UInt64]
    @usableFromInline var numbers: [Int32]
    @usableFromInline var occupied = 0

    @inlinable public init() {
        words = Array(repeating: 0, count: 6 * 256)
        numbers = Array(repeating: 0, count: 256)
    }

    /// How many distinct values have been numbered.
    @inlinable public var count: Int { occupied }

    /// The last value numbered and its number: rows often repeat the previous row's value (a
    /// report's rows come event by event), and comparing 40 bytes costs less than a probe.
    @usableFromInline var last: (key: (UInt64, UInt64, UInt64, UInt64, UInt64), length: UInt64, number: Int32) = ((0, 0, 0, 0, 0), 0, 0)

    /// The value's number and whether it is new; nil when longer than `maxLength`.
    @inlinable public mutating func number(_ bytes: UnsafeRawBufferPointer) -> (number: Int32, isNew: Bool)? {
        guard bytes.count <= Self.maxLength else { return nil }
        var key: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &key) { $0.copyMemory(from: bytes) }
        let length = UInt64(bytes.count) &+ 1
        if length == last.length, key == last.key { return (last.number, false) }
        if (occupied + 1) * 4 > numbers.count * 3 { grow() }
        let numbered = place(key, length, number: Int32(occupied))
        last = (key, length, numbered.number)
        return numbered
    }

    @inlinable mutating func place(_ key: (UInt64, UInt64, UInt64, UInt64, UInt64), _ length: UInt64, number: Int32) -> (number: Int32, isNew: Bool) {
        var h = PairSet.mix(key.0 ^ length)
        h = PairSet.mix(h ^ key.1)
        h = PairSet.mix(h ^ key.2)
        h = PairSet.mix(h ^ key.3)
        h = PairSet.mix(h ^ key.4)
        let mask = numbers.count - 1
        var index = Int(truncatingIfNeeded: h) & mask
        while true {
            let base = index * 6
            let stored = words[base + 5]
            if stored == 0 {
                words[base] = key.0
                words[base + 1] = key.1
                words[base + 2] = key.2
                words[base + 3] = key.3
                words[base + 4] = key.4
                words[base + 5] = length
                numbers[index] = number
                occupied += 1
                return (number, true)
            }
            if stored == length, words[base] == key.0, words[base + 1] == key.1, words[base + 2] == key.2,
               words[base + 3] == key.3, words[base + 4] == key.4 {
                return (numbers[index], false)
            }
            index = (index + 1) & mask
        }
    }

    @usableFromInline mutating func grow() {
        let (oldWords, oldNumbers) = (words, numbers)
        words = Array(repeating: 0, count: oldWords.count * 2)
        numbers = Array(repeating: 0, count: oldNumbers.count * 2)
        occupied = 0
        for index in oldNumbers.indices where oldWords[index * 6 + 5] != 0 {
            let base = index * 6
            _ = place((oldWords[base], oldWords[base + 1], oldWords[base + 2], oldWords[base + 3], oldWords[base + 4]),
                      oldWords[base + 5], number: oldNumbers[index])
        }
    }
}
