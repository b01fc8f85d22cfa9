/// An oblast or district named by code, as nested in other gazetteer entries.
public struct AreaRef: Sendable, Equatable {
    public var code: String
    public var names: LocalizedNames

    public init(code: String, names: LocalizedNames) {
        self.code = code
        self.names = names
    }
}
