/// Counts of the plan funnel (io.trainingd.Reports.FunnelCounts): trained municipalities, each
/// counted at most once per stage its furthest plan had reached.
public struct FunnelCounts: Sendable, Equatable {
    public var trainedMunicipalities = 0
    public var withPlan = 0
    public var communityAgreed = 0
    public var councilApproved = 0
    public var implementingOrCompleted = 0
    public var abandoned = 0

    public init() {}

    mutating func add(_ m: PlanFunnel.MunicipalityState) {
        trainedMunicipalities += 1
        guard let furthest = m.furthestStage else { return }
        withPlan += 1
        if furthest >= PlanFunnel.stage("community_agreed") { communityAgreed += 1 }
        if furthest >= PlanFunnel.stage("council_approved") { councilApproved += 1 }
        if furthest >= PlanFunnel.stage("implementing") { implementingOrCompleted += 1 }
        if m.allAbandoned { abandoned += 1 }
    }
}
