import Foundation
import TrainingCore
import TrainingStore
import Varlink

/// The wire forms of io.trainingd.Reports' indicator types (Indicator, IndicatorFilters,
/// IndicatorResult, GroupKey), and IndicatorFilters read from a call.
enum IndicatorWire {
    static func indicator(_ indicator: Indicator) -> JSONValue {
        let d = indicator.definition
        return [
            "code": .string(d.code), "title": .string(d.title), "description": Wire.optional(d.description),
            "unit": .string(d.unit.rawValue), "counting_rule": .string(d.countingRule.rawValue),
            "since": Wire.optional(d.since?.description), "filters": filters(d.filters),
            "disaggregations": .array(d.disaggregations.map { .string($0.rawValue) }), "archived": .bool(d.archived),
            "version": .int(Int64(indicator.version)), "created_at": Wire.timestamp(indicator.createdAt),
            "updated_at": Wire.timestamp(indicator.updatedAt),
        ]
    }

    static func filters(_ f: IndicatorFilters) -> JSONValue {
        func list(_ values: [String]?) -> JSONValue { values.map { .array($0.map(JSONValue.string)) } ?? .null }
        return [
            "categories": list(f.categories?.map(\.rawValue)), "invite_roles": list(f.inviteRoles?.map(\.rawValue)),
            "sexes": list(f.sexes?.map(\.rawValue)), "oblasts": list(f.oblasts), "districts": list(f.districts),
            "municipalities": list(f.municipalities), "events": list(f.events),
            "min_days_present": f.minDaysPresent.map { .int(Int64($0)) } ?? .null,
            "plan_statuses": list(f.planStatuses?.map(\.rawValue)),
        ]
    }

    static func result(_ result: IndicatorReport.Result, in report: IndicatorReport) -> JSONValue {
        [
            "indicator": indicator(result.indicator), "window_from": Wire.optional(result.window.from?.description),
            "window_to": .string(result.window.to.description), "value": .int(Int64(result.value.value)),
            "breakdowns": .array(result.value.breakdowns.map { breakdown in
                [
                    "dimension": .string(breakdown.dimension.rawValue),
                    "groups": .array(breakdown.groups.map { group in
                        ["key": key(breakdown.dimension, group.value, in: report), "value": .int(Int64(group.count))]
                    }),
                ]
            }),
        ]
    }

    /// GroupKey: places carry their names, events their title.
    static func key(_ dimension: IndicatorDimension, _ value: String?, in report: IndicatorReport) -> JSONValue {
        var key: JSONObject = ["dimension": .string(dimension.rawValue), "value": Wire.optional(value)]
        switch dimension {
        case .oblast, .district, .municipality:
            if let names = value.flatMap({ report.areaNames[$0] }) { key["names"] = EventWire.names(names) }
        case .event:
            key["label"] = Wire.optional(value.flatMap { report.eventTitles[$0] })
        default: break
        }
        return .object(key)
    }

    /// IndicatorFilters from the call (the IDL validator checked the types; enum values are
    /// mapped here).
    static func filters(from value: JSONValue?) throws -> IndicatorFilters {
        guard let value, !value.isNull else { return IndicatorFilters() }
        guard let object = value.objectValue else { throw VarlinkError.invalidParameter("filters") }
        func strings(_ name: String) throws -> [String]? {
            guard let field = object[name], !field.isNull else { return nil }
            guard let items = field.arrayValue else { throw VarlinkError.invalidParameter("filters.\(name)") }
            return try items.enumerated().map { index, item in
                guard let text = item.stringValue else { throw VarlinkError.invalidParameter("filters.\(name)[\(index)]") }
                return text
            }
        }
        func enums<E: RawRepresentable>(_ name: String, _ type: E.Type) throws -> [E]? where E.RawValue == String {
            try strings(name)?.enumerated().map { index, text in
                guard let value = E(rawValue: text) else { throw VarlinkError.invalidParameter("filters.\(name)[\(index)]") }
                return value
            }
        }
        var minDays: Int?
        if let field = object["min_days_present"], !field.isNull {
            guard let number = field.intValue else { throw VarlinkError.invalidParameter("filters.min_days_present") }
            minDays = Int(clamping: number)
        }
        return IndicatorFilters(
            categories: try enums("categories", PersonCategory.self), inviteRoles: try enums("invite_roles", MunicipalityRole.self),
            sexes: try enums("sexes", Sex.self), oblasts: try strings("oblasts"), districts: try strings("districts"),
            municipalities: try strings("municipalities"), events: try strings("events"), minDaysPresent: minDays,
            planStatuses: try enums("plan_statuses", IndicatorPlanStatus.self))
    }
}
