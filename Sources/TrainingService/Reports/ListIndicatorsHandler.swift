import TrainingCore
import TrainingStore
import Varlink

/// io.trainingd.Reports.ListIndicators: viewer; ordered by code.
struct ListIndicatorsHandler: Sendable {
    let store: IndicatorStore
    let authorizer: Authorizer

    @Sendable func handle(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        let indicators = try await store.list(tenant: tenant.id, includeArchived: p.optionalBool("include_archived") ?? false)
        return ["indicators": .array(indicators.map(IndicatorWire.indicator))]
    }
}
