/// A district (raion) with its oblast and how many municipalities it has.
public struct DistrictEntry: Sendable, Equatable {
    public var code: String
    public var names: LocalizedNames
    public var oblast: AreaRef
    public var municipalities: Int

    public init(code: String, names: LocalizedNames, oblast: AreaRef, municipalities: Int) {
        self.code = code
        self.names = names
        self.oblast = oblast
        self.municipalities = municipalities
    }
}
