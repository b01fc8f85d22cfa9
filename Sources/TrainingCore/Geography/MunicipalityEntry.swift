/// A municipality of the gazetteer with its place in the hierarchy, as ListMunicipalities
/// answers it.
public struct MunicipalityEntry: Sendable, Equatable {
    public var code: String
    public var kind: MunicipalityKind
    public var names: LocalizedNames
    /// The administrative centre, when a source names it.
    public var centre: LocalizedNames?
    public var oblast: AreaRef
    /// Absent for cities of oblast significance outside any district.
    public var district: AreaRef?

    public init(code: String, kind: MunicipalityKind, names: LocalizedNames, centre: LocalizedNames?, oblast: AreaRef, district: AreaRef?) {
        self.code = code
        self.kind = kind
        self.names = names
        self.centre = centre
        self.oblast = oblast
        self.district = district
    }
}
