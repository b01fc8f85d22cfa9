/// Which waiting RecordAttendance calls share the next transaction (group commit).
///
/// Why a rule of its own: calls recorded together run as one statement, and one statement
/// cannot upsert the same attendance row twice (PostgreSQL refuses "ON CONFLICT DO UPDATE
/// command cannot affect row a second time"). Calls marking disjoint (person, day) pairs of
/// one event are independent: recording them together gives each the outcome it would have
/// had alone, whatever their order. A call that marks a pair an earlier call marks (waiting,
/// or in a transaction still running) waits for a later transaction than that call, so marks
/// of one person and day are written in arrival order, each seeing the one before as its
/// previous status, as if the calls had come one after the other.
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
    /// order. A call is skipped (left waiting, in its place) when it shares a key with `busy`
    /// (the marks of transactions still running) or with any call before it, taken or skipped:
    /// a call never overtakes an earlier one marking the same person and day. The first call
    /// that shares nothing goes whatever the limits; a later one is skipped when it would pass
    /// them. Empty when every waiting call shares a key with `busy`.
    @inlinable
    public static func select<Key: Hashable>(_ waiting: [[Key]], limits: Limits, busy: Set<Key> = []) -> [Int] {
        var taken: [Int] = []
        var seen = busy
        var marks = 0
        for (index, call) in waiting.enumerated() {
            guard taken.count < limits.calls else { break }
            let free = call.allSatisfy { !seen.contains($0) }
            seen.formUnion(call)
            guard free, taken.isEmpty || marks + call.count <= limits.marks else { continue }
            taken.append(index)
            marks += call.count
        }
        return taken
    }

    /// Whether no two of `calls` share a key: they can be recorded together.
    @inlinable
    public static func disjoint<Key: Hashable>(_ calls: [[Key]]) -> Bool {
        var seen = Set<Key>()
        for call in calls {
            for key in call where !seen.insert(key).inserted { return false }
        }
        return true
    }
}
