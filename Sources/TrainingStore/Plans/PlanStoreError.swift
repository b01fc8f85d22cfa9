import Foundation
import TrainingCore

/// Why a PlanStore call was refused, one case per io.trainingd.Plans error (bad values are
/// `ValidationError`s instead).
public enum PlanStoreError: Error, Sendable, Equatable {
    case planNotFound(UUID)
    case eventNotFound
    case eventNotHeld(status: EventStatus)
    case municipalityNotFound(String)
    case notTrainedAtEvent(municipality: String)
    /// Another plan of the municipality covers part of the period.
    case planExists(id: UUID, municipality: String, periodStart: Day, periodEnd: Day)
    case invalidTransition(PlanTransitionError)
    case councilDecisionRequired
    case planLocked(status: PlanStatus)
    case areaNotFound(field: String, code: String)
}
