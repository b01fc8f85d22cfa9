/// `type Name (...)`: `type` is a `.struct` or an `.enum`.
public struct VarlinkTypeDefinition: Sendable, Equatable {
    public var name: String
    public var type: VarlinkType
    public var documentation: String

    public init(name: String, type: VarlinkType, documentation: String = "") {
        self.name = name
        self.type = type
        self.documentation = documentation
    }
}
