/// The parsed form of one Varlink interface description (the AST of a `.varlink` file).
///
/// Produced by ``VarlinkIDLParser``; used to validate call parameters before a handler runs and
/// to know which methods an interface declares. The original text is kept by the service and served
/// verbatim; this type is never printed back.
public struct VarlinkInterfaceDefinition: Sendable, Equatable {
    public var name: String
    /// The comment block directly before `interface`, without `#` (empty if none).
    public var documentation: String
    /// Members in declaration order.
    public var members: [VarlinkMember]

    public init(name: String, documentation: String = "", members: [VarlinkMember]) {
        self.name = name
        self.documentation = documentation
        self.members = members
        for (position, member) in members.enumerated() {
            switch member {
            case .type(let type): typeIndex[type.name] = position
            case .method(let method): methodIndex[method.name] = position
            case .error(let error): errorIndex[error.name] = position
            }
        }
    }

    private var typeIndex: [String: Int] = [:]
    private var methodIndex: [String: Int] = [:]
    private var errorIndex: [String: Int] = [:]

    public var methods: [VarlinkMethodDefinition] {
        members.compactMap { if case .method(let method) = $0 { method } else { nil } }
    }

    public func method(named name: String) -> VarlinkMethodDefinition? {
        guard let position = methodIndex[name], case .method(let method) = members[position] else { return nil }
        return method
    }

    public func type(named name: String) -> VarlinkTypeDefinition? {
        guard let position = typeIndex[name], case .type(let type) = members[position] else { return nil }
        return type
    }

    public func error(named name: String) -> VarlinkErrorDefinition? {
        guard let position = errorIndex[name], case .error(let error) = members[position] else { return nil }
        return error
    }
}
