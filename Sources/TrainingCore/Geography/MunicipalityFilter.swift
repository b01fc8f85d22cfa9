/// What ListMunicipalities selects: every given filter must match.
public struct MunicipalityFilter: Sendable, Equatable {
    public var oblast: String?
    public var district: String?
    public var kind: MunicipalityKind?
    public var codes: [String]?
    /// Searched in the ky/ru/en names of the municipality and its centre, ignoring case,
    /// diacritics and script.
    public var search: String?
    public var page: ListPage

    public init(oblast: String? = nil, district: String? = nil, kind: MunicipalityKind? = nil, codes: [String]? = nil,
                search: String? = nil, page: ListPage = ListPage()) {
        self.oblast = oblast
        self.district = district
        self.kind = kind
        self.codes = codes
        self.search = search
        self.page = page
    }
}
