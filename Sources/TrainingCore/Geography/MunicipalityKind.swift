/// Kind of local self-government unit.
public enum MunicipalityKind: String, Sendable, CaseIterable {
    /// Rural municipality; its executive body is the aiyl okmotu.
    case aiylAimak = "aiyl_aimak"
    /// Town of district significance.
    case town
    /// City of oblast significance (Naryn and Tokmok stand outside any district).
    case city
}
