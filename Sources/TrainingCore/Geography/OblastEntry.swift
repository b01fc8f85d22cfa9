/// An oblast with how many districts and municipalities the gazetteer holds for it.
public struct OblastEntry: Sendable, Equatable {
    public var code: String
    public var names: LocalizedNames
    public var districts: Int
    public var municipalities: Int

    public init(code: String, names: LocalizedNames, districts: Int, municipalities: Int) {
        self.code = code
        self.names = names
        self.districts = districts
        self.municipalities = municipalities
    }
}
