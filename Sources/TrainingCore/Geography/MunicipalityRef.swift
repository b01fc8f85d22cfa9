/// A municipality with its place in the territorial hierarchy, as events name their venue
/// and invitations (io.trainingd.Events.MunicipalityRef).
public struct MunicipalityRef: Sendable, Equatable {
    public var code: String
    public var names: LocalizedNames
    /// SOATE code of its district; nil for cities outside any district.
    public var district: String?
    public var oblast: String

    public init(code: String, names: LocalizedNames, district: String?, oblast: String) {
        self.code = code
        self.names = names
        self.district = district
        self.oblast = oblast
    }
}
