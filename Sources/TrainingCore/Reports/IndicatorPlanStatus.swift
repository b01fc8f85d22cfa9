/// A plan status an indicator counts plans (or planning municipalities) by
/// (io.trainingd.Reports.PlanStatus). Kept apart from the Plans area's own type so the
/// indicator definitions depend only on the Reports contract.
public enum IndicatorPlanStatus: String, Sendable, CaseIterable, Codable {
    case drafting
    case communityAgreed = "community_agreed"
    case councilApproved = "council_approved"
    case implementing
    case completed
    case abandoned
}
