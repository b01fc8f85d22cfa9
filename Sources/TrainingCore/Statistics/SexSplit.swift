/// A head count split by sex. DESIGN §4: reports always give total = women + men +
/// not recorded, so the split is kept as three counters and the total is their sum rather
/// than a separate number that could drift.
public struct SexSplit: Sendable, Equatable {
    public var women = 0
    public var men = 0
    public var notRecorded = 0

    public init(women: Int = 0, men: Int = 0, notRecorded: Int = 0) {
        self.women = women
        self.men = men
        self.notRecorded = notRecorded
    }

    public var total: Int { women + men + notRecorded }

    /// women / total, 0 when nobody is counted.
    public var womenShare: Double { Share.of(women, total) }

    public mutating func add(_ sex: Sex) {
        switch sex {
        case .female: women += 1
        case .male: men += 1
        case .notRecorded: notRecorded += 1
        }
    }
}
