import TrainingStore
import Varlink

/// io.trainingd.Attendance: RecordAttendance and EventStatistics.
struct AttendanceInterface: InterfaceImplementation {
    let context: ServiceContext

    init(context: ServiceContext) { self.context = context }

    func register(in interface: inout VarlinkInterface, wrap: (@escaping VarlinkMethodHandler) -> VarlinkMethodHandler) throws {
        let store = AttendanceStore(database: context.database)
        let record = RecordAttendanceHandler(store: store, authorizer: context.authorizer, runtime: context.runtime)
        let statistics = EventStatisticsHandler(store: store, authorizer: context.authorizer)
        try interface.implement("RecordAttendance", wrap(record.handle))
        try interface.implement("EventStatistics", wrap(statistics.handle))
    }
}
