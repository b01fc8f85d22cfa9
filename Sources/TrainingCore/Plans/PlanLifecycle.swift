/// The lifecycle of a joint action plan, as the Plans IDL fixes it:
///
///     drafting -> community_agreed -> council_approved -> implementing -> completed
///     drafting, community_agreed, council_approved, implementing -> abandoned
///
/// No step may be skipped or undone; completed and abandoned are final. Pure so that every
/// (from, to) pair is unit-tested; the store asks it before writing anything.
public enum PlanLifecycle {
    /// The statuses a plan in `status` may move to in one step.
    public static func successors(of status: PlanStatus) -> Set<PlanStatus> {
        switch status {
        case .drafting: [.communityAgreed, .abandoned]
        case .communityAgreed: [.councilApproved, .abandoned]
        case .councilApproved: [.implementing, .abandoned]
        case .implementing: [.completed, .abandoned]
        case .completed, .abandoned: []
        }
    }

    /// What asking to move from `from` to `to` amounts to.
    public enum Step: Sendable, Equatable {
        /// Already there: nothing to do (SetPlanStatus succeeds without writing).
        case unchanged
        /// An allowed step.
        case move
    }

    /// Checks one step; throws `PlanTransitionError` for a step the lifecycle forbids.
    public static func step(from: PlanStatus, to: PlanStatus) throws(PlanTransitionError) -> Step {
        if from == to { return .unchanged }
        guard successors(of: from).contains(to) else { throw PlanTransitionError(from: from, to: to) }
        return .move
    }
}

/// A step the plan lifecycle does not allow (io.trainingd.Plans.InvalidTransition).
public struct PlanTransitionError: Error, Sendable, Equatable {
    public var from: PlanStatus
    public var to: PlanStatus

    public init(from: PlanStatus, to: PlanStatus) {
        self.from = from
        self.to = to
    }
}
