import Foundation
import TrainingCore

/// A likely duplicate of a person being added, with every reason that applies.
public struct PersonMatchRecord: Sendable, Equatable {
    public var person: PersonRecord
    public var reasons: [MatchReason]
}
