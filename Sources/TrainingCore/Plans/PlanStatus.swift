/// Where a joint action plan is in its lifecycle (io.trainingd.Plans.PlanStatus). Which steps
/// are allowed is `PlanLifecycle`'s business.
public enum PlanStatus: String, Sendable, CaseIterable, Codable {
    /// Being written, usually from the end of the training.
    case drafting
    /// Agreed with the community at a public meeting.
    case communityAgreed = "community_agreed"
    /// Approved by the local council (кеңеш); needs the decision number and date.
    case councilApproved = "council_approved"
    /// Being implemented and monitored.
    case implementing
    /// Final: implemented.
    case completed
    /// Final: given up.
    case abandoned

    /// Completed and abandoned plans take no further step and their items no longer change.
    public var isFinal: Bool { self == .completed || self == .abandoned }
}
