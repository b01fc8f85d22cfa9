import ArgumentParser

/// io.trainingd.Plans.PlanStatus as a command-line value.
enum PlanLifecycleArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case drafting, implementing, completed, abandoned
    case communityAgreed = "community_agreed"
    case councilApproved = "council_approved"
}

/// io.trainingd.Plans.ItemStatus as a command-line value.
enum PlanItemStatusArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case planned, done, dropped
    case inProgress = "in_progress"
}
