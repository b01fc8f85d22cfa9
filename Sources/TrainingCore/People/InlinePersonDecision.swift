/// What to do with a person given inline (Register.person, an import row, a walk-in), from
/// the likely duplicates found for it (io.trainingd.Registrations, header): with
/// allow_duplicate a new person is always created; otherwise exactly one exact match is
/// reused, any other likely duplicate (several exact matches, or the same phone only) stops
/// it, and with no match a new person is created.
public enum InlinePersonDecision<ID: Hashable & Sendable>: Sendable, Equatable {
    case reuse(ID)
    case create
    case ambiguous([ID])

    public static func decide(_ candidates: [(id: ID, reasons: [MatchReason])], allowDuplicate: Bool) -> InlinePersonDecision {
        if allowDuplicate { return .create }
        let exact = candidates.filter { $0.reasons.contains { $0 != .samePhone } }
        if exact.count == 1 { return .reuse(exact[0].id) }
        let likely = candidates.filter { !$0.reasons.isEmpty }
        return likely.isEmpty ? .create : .ambiguous(likely.map(\.id))
    }
}
