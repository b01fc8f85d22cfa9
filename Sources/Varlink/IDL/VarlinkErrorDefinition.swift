/// `error Name (parameters)`.
public struct VarlinkErrorDefinition: Sendable, Equatable {
    public var name: String
    public var parameters: [VarlinkField]
    public var documentation: String

    public init(name: String, parameters: [VarlinkField], documentation: String = "") {
        self.name = name
        self.parameters = parameters
        self.documentation = documentation
    }
}
