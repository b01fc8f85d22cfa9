/// The value of one dimension for a group of a Participation report
/// (io.trainingd.Reports.GroupKey), and the order groups are listed in.
public struct ParticipationGroupKey: Sendable, Equatable {
    public var dimension: ReportDimension
    /// Code, enum value, age band or time; nil when unknown (no municipality, a city outside
    /// any district).
    public var value: String?
    /// The event's title.
    public var label: String?
    /// Gazetteer names of a place.
    public var names: LocalizedNames?

    public init(dimension: ReportDimension, value: String?, label: String? = nil, names: LocalizedNames? = nil) {
        self.dimension = dimension
        self.value = value
        self.label = label
        self.names = names
    }

    /// The IDL's order: codes and times ascending, enums in declaration order, age bands by
    /// lower bound, unknown (nil, "unknown") last.
    public static func precedes(_ a: ParticipationGroupKey, _ b: ParticipationGroupKey) -> Bool {
        let (ra, rb) = (a.rank, b.rank)
        if ra != rb { return ra < rb }
        return (a.value ?? "") < (b.value ?? "")
    }

    /// Whether a list of keys (one per group_by dimension) sorts before another.
    public static func precedes(_ a: [ParticipationGroupKey], _ b: [ParticipationGroupKey]) -> Bool {
        for (x, y) in zip(a, b) {
            if precedes(x, y) { return true }
            if precedes(y, x) { return false }
        }
        return false
    }

    /// Numeric rank where the order is not the text's: declaration index of enums, lower bound
    /// of age bands; unknown values rank last, everything else ties at 0 (then by text).
    private var rank: Int {
        guard let value, !(dimension == .ageBand && value == IndicatorAgeBands.unknown) else { return Int.max }
        switch dimension {
        case .category: return PersonCategory.allCases.firstIndex { $0.rawValue == value } ?? Int.max - 1
        case .inviteRole: return MunicipalityRole.allCases.firstIndex { $0.rawValue == value } ?? Int.max - 1
        case .sex: return Sex.allCases.firstIndex { $0.rawValue == value } ?? Int.max - 1
        case .ageBand: return Int(value.prefix { $0.isNumber }) ?? Int.max - 1
        default: return 0
        }
    }
}
