import Foundation
import TrainingCore
import Varlink

/// The wire forms of io.trainingd.Reports' Participation types (GroupKey, Measures,
/// ParticipationGroup) and of optional lists in echoed parameters.
enum ReportWire {
    static func measures(_ m: ParticipationMeasures) -> JSONValue {
        [
            "events": int(m.events), "participations": int(m.participations), "unique_persons": int(m.uniquePersons),
            "women": int(m.women), "men": int(m.men), "not_recorded": int(m.notRecorded), "women_share": .double(m.womenShare),
            "women_participations": int(m.womenParticipations), "men_participations": int(m.menParticipations),
            "not_recorded_participations": int(m.notRecordedParticipations), "municipalities": int(m.municipalities),
        ]
    }

    static func key(_ k: ParticipationGroupKey) -> JSONValue {
        [
            "dimension": .string(k.dimension.rawValue), "value": Wire.optional(k.value), "label": Wire.optional(k.label),
            "names": k.names.map(EventWire.names) ?? .null,
        ]
    }

    static func group(_ g: ParticipationGroup) -> JSONValue {
        ["key": .array(g.key.map(key)), "measures": measures(g.measures)]
    }

    static func int(_ value: Int) -> JSONValue { .int(Int64(value)) }

    /// An optional list of strings, null when absent.
    static func strings(_ values: [String]?) -> JSONValue { values.map { .array($0.map(JSONValue.string)) } ?? .null }

    /// An optional list of enum values, null when absent.
    static func enums<E: RawRepresentable>(_ values: [E]?) -> JSONValue where E.RawValue == String {
        strings(values?.map(\.rawValue))
    }
}
