/// A budget in whole Kyrgyz som, split by source (io.trainingd.Plans.Budget).
public struct PlanBudget: Sendable, Equatable, Codable {
    /// The largest amount of one source of one item: 10^12 som.
    public static let maxAmount: Int64 = 1_000_000_000_000

    public var localBudget: Int64
    public var community: Int64
    public var donor: Int64

    public init(localBudget: Int64 = 0, community: Int64 = 0, donor: Int64 = 0) {
        self.localBudget = localBudget
        self.community = community
        self.donor = donor
    }

    public static let zero = PlanBudget()

    public var total: Int64 { localBudget + community + donor }

    /// One amount as a caller sent it: absent is 0, otherwise 0 to 10^12.
    public static func amount(_ value: Int64?, field: String) throws(ValidationError) -> Int64 {
        guard let value else { return 0 }
        guard (0...maxAmount).contains(value) else {
            throw ValidationError(field: field, reason: "must be a whole number of som between 0 and \(maxAmount), got \(value)")
        }
        return value
    }

    public static func + (lhs: PlanBudget, rhs: PlanBudget) -> PlanBudget {
        PlanBudget(localBudget: lhs.localBudget + rhs.localBudget, community: lhs.community + rhs.community, donor: lhs.donor + rhs.donor)
    }

    /// The plan's budget: the items not dropped, summed by source.
    public static func of<Items: Sequence>(_ items: Items) -> PlanBudget where Items.Element == (status: PlanItemStatus, budget: PlanBudget) {
        items.reduce(.zero) { sum, item in item.status == .dropped ? sum : sum + item.budget }
    }
}
