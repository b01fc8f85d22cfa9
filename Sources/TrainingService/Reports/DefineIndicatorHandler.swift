import Foundation
import TrainingCore
import TrainingStore
import Varlink

/// io.trainingd.Reports.DefineIndicator: coordinator; creates or redefines (version + 1).
struct DefineIndicatorHandler: Sendable {
    let store: IndicatorStore
    let authorizer: Authorizer

    @Sendable func handle(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .coordinator)
        let draft = try Self.definition(call)
        return try await IndicatorErrors.mapping {
            let definition = try IndicatorRules.validate(draft)
            let (indicator, created) = try await store.define(tenant: tenant.id, definition, uid: call.peer.uid)
            return ["indicator": IndicatorWire.indicator(indicator), "created": .bool(created)]
        }
    }

    static func definition(_ call: VarlinkCall) throws -> IndicatorDefinition {
        let p = Parameters(call: call)
        guard let unit = IndicatorUnit(rawValue: try p.string("unit")) else { throw VarlinkError.invalidParameter("unit") }
        guard let rule = IndicatorCountingRule(rawValue: try p.string("counting_rule")) else {
            throw VarlinkError.invalidParameter("counting_rule")
        }
        return IndicatorDefinition(
            code: try p.string("code"), title: try p.string("title"), description: p.optionalString("description"),
            unit: unit, countingRule: rule, since: try p.optionalString("since").map { text throws(ValidationError) in try Day(iso: text, field: "since") },
            filters: try IndicatorWire.filters(from: call["filters"]),
            disaggregations: try ParameterLists.enums(call, "disaggregations", as: IndicatorDimension.self) ?? [],
            archived: p.optionalBool("archived") ?? false)
    }
}
