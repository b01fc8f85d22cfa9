import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// io.trainingd.Reports.PlanFunnel: viewer; trained municipalities through their plans' stages.
struct PlanFunnelHandler: Sendable {
    let store: ReportStore
    let authorizer: Authorizer

    @Sendable func handle(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        let request = try PlanFunnelRequest(try Self.input(call), today: IndicatorWindow.today())
        let report = try await ReportErrors.mapping { try await store.planFunnel(tenant: tenant.id, request: request) }
        let f = request.filter
        let parameters: JSONObject = [
            "tenant": .string(tenant.slug.rawValue), "from": Wire.optional(f.from?.description), "to": Wire.optional(f.to?.description),
            "oblasts": ReportWire.strings(f.oblasts), "districts": ReportWire.strings(f.districts),
            "events": ReportWire.strings(report.eventIDs?.map { $0.lowercasedText }),
            "invite_roles": .array((f.inviteRoles ?? []).map { .string($0.rawValue) }),
            "event_statuses": ReportWire.enums(f.eventStatuses), "min_days_present": ReportWire.int(f.minDaysPresent),
            "no_plan_after_days": ReportWire.int(request.noPlanAfterDays), "as_of": .string(request.asOf.description),
        ]
        return [
            "parameters": .object(parameters), "computed_at": Wire.timestamp(Date()),
            "data_cursor": .string(ChangeCursor(tenant: tenant.id, sequence: report.sequence).description),
            "oblasts": .array(report.funnel.oblasts.map { FunnelWire.oblast($0, report.names) }),
            "total": FunnelWire.counts(report.funnel.total),
            "without_plan": .array(report.funnel.withoutPlan.map { FunnelWire.unplanned($0, report.names) }),
        ]
    }

    static func input(_ call: VarlinkCall) throws -> PlanFunnelRequest.Input {
        let p = Parameters(call: call)
        var input = PlanFunnelRequest.Input()
        input.from = p.optionalString("from")
        input.to = p.optionalString("to")
        input.oblasts = try ParameterLists.strings(call, "oblasts")
        input.districts = try ParameterLists.strings(call, "districts")
        input.events = try ParameterLists.strings(call, "events")
        input.inviteRoles = try ParameterLists.enums(call, "invite_roles", as: MunicipalityRole.self)
        input.eventStatuses = try ParameterLists.enums(call, "event_statuses", as: EventStatus.self)
        input.minDaysPresent = p.optionalInt("min_days_present")
        input.noPlanAfterDays = p.optionalInt("no_plan_after_days")
        input.asOf = p.optionalString("as_of")
        return input
    }
}
