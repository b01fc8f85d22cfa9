import TrainingStore
import Varlink

/// io.trainingd.Reports. Methods without a handler registered here answer
/// org.varlink.service.MethodNotImplemented.
struct ReportsInterface: InterfaceImplementation {
    let context: ServiceContext

    init(context: ServiceContext) { self.context = context }

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
        let reports = ReportStore(database: context.database)
        try interface.implement("Participation", wrap(ParticipationHandler(store: reports, authorizer: context.authorizer).handle))
        try interface.implement("PlanFunnel", wrap(PlanFunnelHandler(store: reports, authorizer: context.authorizer).handle))
        let indicators = IndicatorStore(database: context.database)
        try interface.implement("DefineIndicator", wrap(DefineIndicatorHandler(store: indicators, authorizer: context.authorizer).handle))
        try interface.implement("ListIndicators", wrap(ListIndicatorsHandler(store: indicators, authorizer: context.authorizer).handle))
        try interface.implement("ComputeIndicators", wrap(ComputeIndicatorsHandler(store: indicators, authorizer: context.authorizer).handle))
    }
}
