/// A set of 64-bit values (a group number and a member number packed into one), open
/// addressing with linear probing. A report inserts about half a million pairs per dimension;
/// Swift's `Set` hashes each with SipHash, which was the largest share of the daemon's time.
/// Values are mixed by a multiplicative finaliser (the pairs are dense small numbers, so
/// they need spreading, not protection against chosen inputs). Up to three quarters full: the
/// tables are the report's largest allocations.
public struct PairSet: Sendable {
    /// value + 1 per slot; 0 marks an empty slot.
    @usableFromInline var slots: [UInt64]
    @usableFromInline var occupied = 0

    @inlinable public init() { slots = Array(repeating: 0, count: 1_024) }

    /// The number of distinct values inserted.
    @inlinable public var count: Int { occupied }

    /// Inserts `value` (not UInt64.max); true when it was not there yet.
    @inlinable public mutating func insert(_ value: UInt64) -> Bool {
        precondition(value != .max, "PairSet stores value + 1")
        if (occupied + 1) * 4 > slots.count * 3 { grow() }
        return place(value &+ 1)
    }

    @inlinable mutating func place(_ stored: UInt64) -> Bool {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: Self.mix(stored)) & mask
        while true {
            let slot = slots[index]
            if slot == 0 {
                slots[index] = stored
                occupied += 1
                return true
            }
            if slot == stored { return false }
            index = (index + 1) & mask
        }
    }

    @usableFromInline mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        occupied = 0
        for stored in old where stored != 0 { _ = place(stored) }
    }

    /// MurmurHash3's 64-bit finaliser.
    @inlinable static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}
