/// Mistakes when assembling a service (programming errors, reported at startup).
public enum VarlinkRegistrationError: Error, Equatable, Sendable, CustomStringConvertible {
    case methodNotDeclared(interface: String, method: String)
    case duplicateInterface(String)
    case reservedInterface(String)

    public var description: String {
        switch self {
        case .methodNotDeclared(let interface, let method): return "method \(method) is not declared in \(interface)"
        case .duplicateInterface(let name): return "interface \(name) is already registered"
        case .reservedInterface(let name): return "interface \(name) is provided by the service itself"
        }
    }
}
