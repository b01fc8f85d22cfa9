/// An invitation asked for with CreateEvent: a municipality (SOATE code) and its role.
public struct InvitationRequest: Sendable, Equatable {
    public var municipality: String
    public var role: InviteRole

    public init(municipality: String, role: InviteRole) {
        self.municipality = municipality
        self.role = role
    }

    /// Each municipality at most once; the error names the repeated entry.
    public static func checkDistinct(_ requests: [InvitationRequest], field: String = "invitations") throws(ValidationError) {
        var seen: [String: Int] = [:]
        for (index, request) in requests.enumerated() {
            if let first = seen[request.municipality] {
                throw ValidationError(field: "\(field)[\(index)].municipality",
                                      reason: "\(request.municipality) is already invited by \(field)[\(first)]")
            }
            seen[request.municipality] = index
        }
    }
}
