import TrainingStore
import Varlink

/// io.trainingd.Events.
struct EventsInterface: InterfaceImplementation {
    let context: ServiceContext

    init(context: ServiceContext) { self.context = context }

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
        let watch = WatchHandler(feed: ChangeFeedStore(database: context.database), authorizer: context.authorizer, listener: context.changes)
        try interface.implement("Watch", requiresMore: true, wrap(watch.watch))
    }
}
