/// What the indicator store refuses, each one of io.trainingd.Reports' errors.
public enum IndicatorStoreError: Error, Sendable, Equatable {
    /// An event code or uuid in `filters.events` names no event of the tenant.
    case eventNotFound(String)
    /// A well-formed oblast or district code (at `field`, e.g. "filters.oblasts[1]") that the
    /// gazetteer does not have.
    case areaNotFound(field: String, code: String)
    case municipalityNotFound(String)
    case indicatorNotFound(String)
}
