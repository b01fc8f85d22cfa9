import Foundation
import Postgres
import TrainingCore
import TrainingStore
import UUIDText
import Varlink

/// io.trainingd.Reports.Participation: viewer; participation filtered and grouped.
struct ParticipationHandler: Sendable {
    let store: ReportStore
    let authorizer: Authorizer

    @Sendable func handle(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        let request = try ParticipationRequest(try Self.input(call))
        let report = try await ReportErrors.mapping { try await store.participation(tenant: tenant.id, request: request) }
        let computedAt = Date()
        let f = request.filter
        let parameters: JSONObject = [
            "tenant": .string(tenant.slug.rawValue), "from": Wire.optional(f.from?.description), "to": Wire.optional(f.to?.description),
            "oblasts": ReportWire.strings(f.oblasts), "districts": ReportWire.strings(f.districts),
            "municipalities": ReportWire.strings(f.municipalities),
            "events": ReportWire.strings(report.eventIDs?.map { $0.lowercasedText }),
            "categories": ReportWire.enums(f.categories), "invite_roles": ReportWire.enums(f.inviteRoles),
            "event_statuses": ReportWire.enums(f.eventStatuses), "group_by": ReportWire.enums(request.groupBy),
            "min_days_present": ReportWire.int(f.minDaysPresent),
            "age_bands": .array(request.ageBands.lowerBounds.map(ReportWire.int)), "geography": .string(f.geography.rawValue),
        ]
        return [
            "parameters": .object(parameters), "computed_at": Wire.timestamp(computedAt),
            "data_cursor": .string(ChangeCursor(tenant: tenant.id, sequence: report.sequence).description),
            "groups": .array(report.groups.map(ReportWire.group)), "total": ReportWire.measures(report.total),
        ]
    }

    /// The call's parameters, typed (the IDL validator already checked their JSON types).
    static func input(_ call: VarlinkCall) throws -> ParticipationRequest.Input {
        let p = Parameters(call: call)
        var input = ParticipationRequest.Input()
        input.from = p.optionalString("from")
        input.to = p.optionalString("to")
        input.oblasts = try ParameterLists.strings(call, "oblasts")
        input.districts = try ParameterLists.strings(call, "districts")
        input.municipalities = try ParameterLists.strings(call, "municipalities")
        input.events = try ParameterLists.strings(call, "events")
        input.categories = try ParameterLists.enums(call, "categories", as: PersonCategory.self)
        input.inviteRoles = try ParameterLists.enums(call, "invite_roles", as: MunicipalityRole.self)
        input.eventStatuses = try ParameterLists.enums(call, "event_statuses", as: EventStatus.self)
        input.groupBy = try ParameterLists.enums(call, "group_by", as: ReportDimension.self)
        input.minDaysPresent = p.optionalInt("min_days_present")
        input.ageBands = try ints(call, "age_bands")
        input.geography = try p.optionalString("geography").map { text in
            guard let basis = GeographyBasis(rawValue: text) else { throw VarlinkError.invalidParameter("geography") }
            return basis
        }
        return input
    }

    /// `[]int` parameter; nil when absent or null.
    static func ints(_ call: VarlinkCall, _ name: String) throws -> [Int64]? {
        guard let value = call[name], !value.isNull else { return nil }
        guard let items = value.arrayValue else { throw VarlinkError.invalidParameter(name) }
        return try items.enumerated().map { index, item in
            guard let number = item.intValue else { throw VarlinkError.invalidParameter("\(name)[\(index)]") }
            return number
        }
    }
}
