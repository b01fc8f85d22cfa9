/// Where a plan item stands (io.trainingd.Plans.ItemStatus).
public enum PlanItemStatus: String, Sendable, CaseIterable, Codable {
    case planned
    case inProgress = "in_progress"
    case done
    /// Kept for the record but left out of the plan's item count and budget.
    case dropped

    /// Progress when the caller gives none: a done item is done entirely.
    public var defaultProgress: Int { self == .done ? 100 : 0 }
}
