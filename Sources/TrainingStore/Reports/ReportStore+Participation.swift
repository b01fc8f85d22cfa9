import Foundation
import Postgres
import TrainingCore

extension ReportStore {
    /// io.trainingd.Reports.Participation: brings the kept participation base up to date,
    /// resolves the events and checks the places named, then counts the base's rows; throws
    /// `ReportStoreError`.
    public func participation(tenant: UUID, request: ParticipationRequest) async throws -> ParticipationReport {
        try await inSnapshot(tenant) { c, sequence in
            var filter = request.filter
            filter.eventIDs = try ReportReferences.events(c, request.eventReferences)
            try ReportReferences.checkPlaces(c, oblasts: filter.oblasts, districts: filter.districts, municipalities: filter.municipalities)
            let result = try ParticipationQuery(filter: filter, groupBy: request.groupBy, ageBands: request.ageBands).run(c)
            MemoryRelease.afterLargeComputation()
            var groups = result.groups
            let places = Set(groups.flatMap { $0.key.filter(\.dimension.isPlace).compactMap(\.value) })
            let names = try GazetteerNames.of(c, codes: places)
            for g in groups.indices {
                for k in groups[g].key.indices where groups[g].key[k].dimension.isPlace {
                    groups[g].key[k].names = groups[g].key[k].value.flatMap { names[$0] }
                }
            }
            return ParticipationReport(groups: groups, total: result.total, eventIDs: filter.eventIDs, sequence: sequence)
        }
    }
}
