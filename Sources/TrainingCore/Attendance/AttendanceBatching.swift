/// Which waiting RecordAttendance calls share the next transaction (group commit).
///
/// Why a rule of its own: calls recorded together run as one statement, and one statement
/// cannot upsert the same attendance row twice (PostgreSQL refuses "ON CONFLICT DO UPDATE
/// command cannot affect row a second time"). Calls marking disjoint (person, day) pairs of
/// one event are independent: recording them together gives each the outcome it would have
/// had alone, whatever their order. A call that marks a pair an earlier selected call marks
/// waits for a later transaction, so it sees that mark as its previous status, as it would
/// if the two had come one after the other.
public enum AttendanceBatching {
    public struct Limits: Sendable, Equatable {
        /// Calls in one transaction at most.
        public var calls: Int
        /// Marks in one transaction at most; a call larger than this still goes, alone.
        public var marks: Int

        public init(calls: Int, marks: Int) {
            self.calls = max(1, calls)
            self.marks = max(1, marks)
        }
    }

    /// The indices of `waiting` (each call's mark keys, in arrival order) to record next, in
    /// order. The first call is always taken; a later one is skipped (left waiting, in its
    /// place) when it shares a key with a call taken before it or would pass a limit.
    @inlinable
    public static func select<Key: Hashable>(_ waiting: [[Key]], limits: Limits) -> [Int] {
        var taken: [Int] = []
        var keys = Set<Key>()
        var marks = 0
        for (index, call) in waiting.enumerated() {
            guard taken.count < limits.calls else { break }
            if !taken.isEmpty {
                guard marks + call.count <= limits.marks, call.allSatisfy({ !keys.contains($0) }) else { continue }
            }
            taken.append(index)
            keys.formUnion(call)
            marks += call.count
        }
        return taken
    }
}
