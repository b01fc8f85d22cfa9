import Foundation
import TrainingCore

/// EventStatistics' answer: the event, its figures and the municipalities they name.
public struct EventStatisticsReport: Sendable, Equatable {
    public var eventID: UUID
    public var eventCode: String
    public var title: String
    public var status: EventStatus
    public var firstDay: Day
    public var lastDay: Day
    /// nil: no limit.
    public var capacity: Int?
    public var statistics: EventStatistics
    /// The gazetteer entries of the municipalities in `statistics.byMunicipality`.
    public var municipalities: [String: MunicipalityRef]
    public var computedAt: Date
}
