import TrainingCore
import Varlink

/// The wire forms of PlanFunnel's types (FunnelCounts, FunnelOblast, FunnelDistrict,
/// UnplannedMunicipality).
enum FunnelWire {
    static func counts(_ c: FunnelCounts) -> JSONValue {
        [
            "trained_municipalities": ReportWire.int(c.trainedMunicipalities), "with_plan": ReportWire.int(c.withPlan),
            "community_agreed": ReportWire.int(c.communityAgreed), "council_approved": ReportWire.int(c.councilApproved),
            "implementing_or_completed": ReportWire.int(c.implementingOrCompleted), "abandoned": ReportWire.int(c.abandoned),
        ]
    }

    static func area(_ code: String, _ names: [String: LocalizedNames]) -> JSONValue {
        ["code": .string(code), "name": EventWire.names(names[code] ?? LocalizedNames(ru: code))]
    }

    static func oblast(_ o: PlanFunnel.Oblast, _ names: [String: LocalizedNames]) -> JSONValue {
        [
            "oblast": area(o.code, names), "counts": counts(o.counts),
            "districts": .array(o.districts.map { d in
                ["district": d.code.map { area($0, names) } ?? .null, "counts": counts(d.counts)]
            }),
        ]
    }

    static func unplanned(_ m: PlanFunnel.Unplanned, _ names: [String: LocalizedNames]) -> JSONValue {
        let ref = MunicipalityRef(code: m.municipality, names: names[m.municipality] ?? LocalizedNames(ru: m.municipality),
                                  district: m.district, oblast: m.oblast)
        return [
            "municipality": EventWire.municipality(ref), "role": .string(m.role.rawValue),
            "events": .array(m.events.map(JSONValue.string)), "first_trained_on": .string(m.firstTrainedOn.description),
            "last_trained_on": .string(m.lastTrainedOn.description), "days_since_training": ReportWire.int(m.daysSinceTraining),
            "participants": ReportWire.int(m.participants),
        ]
    }
}
