/// The attributes that decide whether two person records are the same person: the name key,
/// the municipality and the phone key (io.trainingd.People, "Matching people").
public struct PersonIdentity: Sendable, Equatable, Hashable, Codable {
    public var nameKey: String
    public var municipality: String?
    public var phoneKey: String?

    public init(nameKey: String, municipality: String?, phoneKey: String?) {
        self.nameKey = nameKey
        self.municipality = municipality
        self.phoneKey = phoneKey
    }

    /// Every reason `other` is a likely duplicate of `self` (empty: not one).
    /// same_name_and_municipality: same name key and same municipality, both possibly absent;
    /// same_name_and_phone: same name key and same (present) phone;
    /// same_phone: same phone with a different name key.
    public func matchReasons(_ other: PersonIdentity) -> [MatchReason] {
        let samePhone = phoneKey != nil && phoneKey == other.phoneKey
        guard nameKey == other.nameKey else { return samePhone ? [.samePhone] : [] }
        var reasons: [MatchReason] = []
        if municipality == other.municipality { reasons.append(.sameNameAndMunicipality) }
        if samePhone { reasons.append(.sameNameAndPhone) }
        return reasons
    }

    /// An exact match: same name key and the same municipality or phone.
    public func isExactMatch(_ other: PersonIdentity) -> Bool {
        matchReasons(other).contains { $0 != .samePhone }
    }
}
