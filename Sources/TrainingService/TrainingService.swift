import Foundation
import Logging
import Postgres
import Synchronization
import TrainingStore
import Varlink

/// Assembles the daemon's Varlink service: the eight io.trainingd.* interfaces, their IDL
/// served verbatim from the files in IDL/, and the handlers implemented so far. A method
/// declared in the IDL without a handler answers org.varlink.service.MethodNotImplemented.
public struct TrainingService: Sendable {
    /// Interface names in the order GetInfo lists them.
    public static let interfaceNames = [
        "io.trainingd.System", "io.trainingd.Geography", "io.trainingd.Events", "io.trainingd.People",
        "io.trainingd.Registrations", "io.trainingd.Attendance", "io.trainingd.Plans", "io.trainingd.Reports",
    ]

    public let database: TrainingDatabase
    public let runtime: ServiceRuntime
    /// The LISTEN connection that wakes Watch streams (channel `trainingd_changes`).
    public let changes: PGNotificationListener
    let logger: Logger

    public init(database: TrainingDatabase, runtime: ServiceRuntime, logger: Logger) {
        self.database = database
        self.runtime = runtime
        self.logger = logger
        self.changes = PGNotificationListener(
            conninfo: database.conninfo, channel: "trainingd_changes",
            sessionSetup: ["SET ROLE \(TrainingDatabase.applicationRole)"], logger: logger)
    }

    public func makeVarlinkService() throws -> VarlinkService {
        var service = VarlinkService(
            vendor: "trainingd", product: "trainingd", version: runtime.version,
            url: "https://github.com/trainingd/trainingd", internalErrorName: "io.trainingd.System.InternalError")
        let systemStore = SystemStore(database: database)
        let cache = DirectoryCache()
        let authorizer = Authorizer(store: systemStore, runtime: runtime, cache: cache)
        Self.invalidate(cache, on: changes)
        let context = ServiceContext(database: database, authorizer: authorizer, runtime: runtime, changes: changes, logger: logger)
        let implementations: [String: any InterfaceImplementation] = [
            "io.trainingd.Geography": GeographyInterface(context: context),
            "io.trainingd.Events": EventsInterface(context: context),
            "io.trainingd.People": PeopleInterface(context: context),
            "io.trainingd.Registrations": RegistrationsInterface(context: context),
            "io.trainingd.Attendance": AttendanceInterface(context: context),
            "io.trainingd.Plans": PlansInterface(context: context),
            "io.trainingd.Reports": ReportsInterface(context: context),
        ]
        for name in Self.interfaceNames {
            var interface = try VarlinkInterface(description: try InterfaceDescriptions.text(of: name))
            if name == "io.trainingd.System" {
                try SystemInterface(store: systemStore, authorizer: authorizer, runtime: runtime).register(in: &interface, wrap: wrap)
            } else {
                try implementations[name]?.register(in: &interface, wrap: wrap)
            }
            try service.add(interface)
        }
        return service
    }

    /// Drops cached roles and tenants when the directory changes or notifications may have
    /// been missed. Ends when the listener stops.
    private static func invalidate(_ cache: DirectoryCache, on listener: PGNotificationListener) {
        let (_, events) = listener.subscribe()
        Task {
            for await event in events {
                switch event {
                case .notification(let payload) where payload == DirectoryCache.notificationPayload: cache.invalidate()
                case .resynchronize: cache.invalidate()
                default: continue
                }
            }
        }
    }

    /// Counts the call in flight and maps its errors to the IDL's (see `ErrorMapping`).
    private func wrap(_ handler: @escaping VarlinkMethodHandler) -> VarlinkMethodHandler {
        let runtime = runtime
        let logger = logger
        return { call in
            runtime.callsInFlight.add(1, ordering: .relaxed)
            defer { runtime.callsInFlight.subtract(1, ordering: .relaxed) }
            do {
                return try await handler(call).omittingNulls
            } catch {
                throw ErrorMapping.map(error, method: call.method, logger: logger)
            }
        }
    }
}

/// The IDL files compiled into the binary, so the daemon can only serve the contract it
/// implements.
public enum InterfaceDescriptions {
    public static func text(of interface: String) throws -> String {
        let bytes: [UInt8]
        switch interface {
        case "io.trainingd.System": bytes = PackageResources.io_trainingd_System_varlink
        case "io.trainingd.Geography": bytes = PackageResources.io_trainingd_Geography_varlink
        case "io.trainingd.Events": bytes = PackageResources.io_trainingd_Events_varlink
        case "io.trainingd.People": bytes = PackageResources.io_trainingd_People_varlink
        case "io.trainingd.Registrations": bytes = PackageResources.io_trainingd_Registrations_varlink
        case "io.trainingd.Attendance": bytes = PackageResources.io_trainingd_Attendance_varlink
        case "io.trainingd.Plans": bytes = PackageResources.io_trainingd_Plans_varlink
        case "io.trainingd.Reports": bytes = PackageResources.io_trainingd_Reports_varlink
        default: throw VarlinkError.interfaceNotFound(interface)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
