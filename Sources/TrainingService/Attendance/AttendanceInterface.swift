import Varlink

/// io.trainingd.Attendance. Methods without a handler registered here answer
/// org.varlink.service.MethodNotImplemented.
struct AttendanceInterface: InterfaceImplementation {
    let context: ServiceContext

    init(context: ServiceContext) { self.context = context }

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
    }
}
