import Varlink

/// io.trainingd.People. Methods without a handler registered here answer
/// org.varlink.service.MethodNotImplemented.
struct PeopleInterface: InterfaceImplementation {
    let context: ServiceContext

    init(context: ServiceContext) { self.context = context }

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
    }
}
