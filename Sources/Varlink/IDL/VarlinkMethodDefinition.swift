/// `method Name (input) -> (output)`.
public struct VarlinkMethodDefinition: Sendable, Equatable {
    public var name: String
    public var input: [VarlinkField]
    public var output: [VarlinkField]
    public var documentation: String

    public init(name: String, input: [VarlinkField], output: [VarlinkField], documentation: String = "") {
        self.name = name
        self.input = input
        self.output = output
        self.documentation = documentation
    }
}
