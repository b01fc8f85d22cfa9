import Foundation
import TrainingCore
import TrainingStore
import Varlink

/// io.trainingd.Reports.ComputeIndicators: viewer; indicators side by side over one period.
struct ComputeIndicatorsHandler: Sendable {
    let store: IndicatorStore
    let authorizer: Authorizer

    @Sendable func handle(_ call: VarlinkCall) async throws -> JSONValue {
        let p = Parameters(call: call)
        let tenant = try await authorizer.tenant(for: call, slug: p.optionalString("tenant"), requires: .viewer)
        let codes = try ParameterLists.strings(call, "codes")
        try Self.check(codes)
        let from = try p.optionalString("from").map { text throws(ValidationError) in try Day(iso: text, field: "from") }
        let to = try p.optionalString("to").map { text throws(ValidationError) in try Day(iso: text, field: "to") } ?? IndicatorWindow.today()
        if let from, from > to { throw ServiceError.invalidField(field: "from", reason: "is after to (\(to))") }
        let bands = call["age_bands"].map { !$0.isNull } == true ? try IndicatorAgeBands(Self.ints(call, "age_bands")) : .standard
        let report = try await IndicatorErrors.mapping {
            try await store.compute(tenant: tenant.id, codes: codes, from: from, to: to, ageBands: bands)
        }
        let parameters: JSONObject = [
            "tenant": .string(tenant.slug.rawValue), "codes": .array(report.results.map { .string($0.indicator.code) }),
            "from": Wire.optional(from?.description), "to": .string(to.description),
            "age_bands": .array(bands.lowerBounds.map { .int(Int64($0)) }),
        ]
        return [
            "parameters": .object(parameters), "computed_at": Wire.timestamp(report.computedAt),
            "data_cursor": .string(report.dataCursor.description),
            "results": .array(report.results.map { IndicatorWire.result($0, in: report) }),
        ]
    }

    /// Each code well-formed and named once (a repeat would be computed twice for nothing).
    static func check(_ codes: [String]?) throws {
        for (index, code) in (codes ?? []).enumerated() {
            _ = try IndicatorRules.code(code, field: "codes[\(index)]")
            if let first = codes?.firstIndex(of: code), first < index {
                throw ServiceError.invalidField(field: "codes[\(index)]", reason: "repeats codes[\(first)]")
            }
        }
    }

    static func ints(_ call: VarlinkCall, _ name: String) throws -> [Int] {
        guard let items = call[name]?.arrayValue else { throw VarlinkError.invalidParameter(name) }
        return try items.enumerated().map { index, item in
            guard let value = item.intValue else { throw VarlinkError.invalidParameter("\(name)[\(index)]") }
            return Int(clamping: value)
        }
    }
}
