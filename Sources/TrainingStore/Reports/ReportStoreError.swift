/// Why a report was refused, with what the service needs to answer the IDL's error.
public enum ReportStoreError: Error, Sendable, Equatable {
    /// No event of the tenant has this code or uuid.
    case eventNotFound(String)
    /// An oblast or district code (at parameter path `field`) is not in the gazetteer.
    case areaNotFound(field: String, code: String)
    /// A municipality code is not in the gazetteer.
    case municipalityNotFound(String)
}
