/// The local council decision that approved a plan.
public struct CouncilDecision: Sendable, Equatable, Codable {
    /// As written, e.g. "12/3".
    public var number: String
    public var date: Day

    public init(number: String, date: Day) {
        self.number = number
        self.date = date
    }
}
