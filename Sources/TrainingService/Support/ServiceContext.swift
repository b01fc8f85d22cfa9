import Logging
import Postgres
import TrainingStore
import Varlink

/// What every interface's handlers need, built once by `TrainingService`.
struct ServiceContext: Sendable {
    let database: TrainingDatabase
    let authorizer: Authorizer
    let runtime: ServiceRuntime
    /// Wakes Events.Watch streams (channel `trainingd_changes`).
    let changes: PGNotificationListener
    let logger: Logger
}

/// One io.trainingd.* interface: registers its handlers on the interface parsed from its IDL.
/// `wrap` counts calls in flight and maps errors (see `TrainingService`).
protocol InterfaceImplementation: Sendable {
    init(context: ServiceContext)
    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws
}
