/// One member of an interface; types, methods and errors share one namespace.
public enum VarlinkMember: Sendable, Equatable {
    case type(VarlinkTypeDefinition)
    case method(VarlinkMethodDefinition)
    case error(VarlinkErrorDefinition)

    public var name: String {
        switch self {
        case .type(let type): return type.name
        case .method(let method): return method.name
        case .error(let error): return error.name
        }
    }
}
