/// One group of a Participation report: one key per group_by dimension, in that order.
public struct ParticipationGroup: Sendable, Equatable {
    public var key: [ParticipationGroupKey]
    public var measures: ParticipationMeasures

    public init(key: [ParticipationGroupKey], measures: ParticipationMeasures) {
        self.key = key
        self.measures = measures
    }
}
