/// Why a person is a likely duplicate of one being added.
public enum MatchReason: String, Sendable, CaseIterable, Codable {
    case sameNameAndMunicipality = "same_name_and_municipality"
    case sameNameAndPhone = "same_name_and_phone"
    case samePhone = "same_phone"
}
