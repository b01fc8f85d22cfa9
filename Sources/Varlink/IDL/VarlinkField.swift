/// A struct field (or method/error parameter) with its documentation comment.
public struct VarlinkField: Sendable, Equatable {
    public var name: String
    public var type: VarlinkType
    /// The comment lines directly before the field, without `#` (empty if none).
    public var documentation: String

    public init(name: String, type: VarlinkType, documentation: String = "") {
        self.name = name
        self.type = type
        self.documentation = documentation
    }
}
