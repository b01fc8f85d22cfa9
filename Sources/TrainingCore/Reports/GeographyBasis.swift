/// Which place the oblast, district and municipality dimensions and filters of a report refer
/// to (io.trainingd.Reports.GeographyBasis).
public enum GeographyBasis: String, Sendable, CaseIterable, Codable {
    /// Where the participant comes from, as recorded on the registration.
    case participant
    /// Where the event took place.
    case venue
}
