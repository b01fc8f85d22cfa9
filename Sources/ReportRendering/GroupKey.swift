/// The value of one dimension for a group (io.trainingd.Reports.GroupKey).
public struct GroupKey: Sendable, Equatable {
    /// The Dimension's wire name: "oblast", "event", "sex"...
    public var dimension: String
    /// SOATE code, event code, enum value, "18-29", "2019-04"...; nil when unknown.
    public var value: String?
    /// The event's title.
    public var label: String?
    /// Names of an oblast, district or municipality.
    public var names: PlaceNames?

    public init(dimension: String, value: String?, label: String? = nil, names: PlaceNames? = nil) {
        self.dimension = dimension
        self.value = value
        self.label = label
        self.names = names
    }

    init(_ field: ReplyField) throws(ReportDecodingError) {
        self.init(dimension: try field["dimension"].string(), value: field["value"].optionalString(),
                  label: field["label"].optionalString(), names: PlaceNames(field["names"].value))
    }

    /// Whether the value is a code with a name or title next to it (places and events), which
    /// CSV gives in a column of its own.
    public var hasCode: Bool {
        ["oblast", "district", "municipality", "event"].contains(dimension)
    }

    /// How the value reads in `labels`' language: a place's name, an event's code, an enum's
    /// label, a period or band as is, "(not recorded)" when unknown.
    public func display(_ labels: ReportLabels) -> String {
        guard let value else { return labels["value.unknown"] }
        switch dimension {
        case "oblast", "district", "municipality": return names?.name(in: labels.language) ?? value
        case "category", "invite_role", "sex": return labels.enumValue(dimension, value)
        case "age_band" where value == "unknown": return labels["value.unknown"]
        default: return value
        }
    }

    /// The text of the name column next to the code (CSV): a place's name, an event's title.
    public func name(_ labels: ReportLabels) -> String {
        switch dimension {
        case "event": return label ?? ""
        default: return value == nil ? labels["value.unknown"] : names?.name(in: labels.language) ?? ""
        }
    }
}
