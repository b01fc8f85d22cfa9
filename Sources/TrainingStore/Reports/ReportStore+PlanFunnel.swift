import Foundation
import Postgres
import TrainingCore

extension ReportStore {
    /// io.trainingd.Reports.PlanFunnel, from one snapshot, over the kept participation base
    /// brought up to date in it; throws `ReportStoreError`.
    public func planFunnel(tenant: UUID, request: PlanFunnelRequest) async throws -> PlanFunnelReport {
        try await inSnapshot(tenant) { c, sequence in
            var filter = request.filter
            filter.eventIDs = try ReportReferences.events(c, request.eventReferences)
            try ReportReferences.checkPlaces(c, oblasts: filter.oblasts, districts: filter.districts, municipalities: nil)
            let query = PlanFunnelQuery(filter: filter, asOf: request.asOf)
            let (trainings, participants) = try query.trainings(c)
            let plans = try query.plans(c, trainings: trainings)
            let funnel = PlanFunnel(trainings: trainings, participants: participants, plans: plans,
                                    asOf: request.asOf, noPlanAfterDays: request.noPlanAfterDays)
            var codes = Set(funnel.oblasts.flatMap { [$0.code] + $0.districts.compactMap(\.code) })
            for m in funnel.withoutPlan { codes.formUnion([m.municipality, m.oblast] + (m.district.map { [$0] } ?? [])) }
            return PlanFunnelReport(funnel: funnel, eventIDs: filter.eventIDs, names: try GazetteerNames.of(c, codes: codes), sequence: sequence)
        }
    }
}
