import Foundation
import Postgres
import Varlink

/// A daemon on a fresh database with tenants "dpi" (holding a `SeededDataset`) and "rival"
/// (empty), for the report tests: calls go over the real socket as root.
public struct SeededDatasetDaemon: Sendable {
    public let daemon: TestDaemon
    public let conninfo: PGConninfo
    public let dataset: SeededDataset
    public let dpi: UUID

    public static func start(prefix: String, parameters: SeededDataset.Parameters = .init()) async throws -> SeededDatasetDaemon {
        let conninfo = try TestPostgres.createDatabase(prefix: prefix)
        let daemon = try await TestDaemon.start(database: conninfo)
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi", "name": "Development Policy Institute"])
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "rival", "name": "Another organisation"])
        let (dataset, dpi) = try await BlockingThread.run {
            let owner = try TestPostgres.connect(conninfo)
            let dpi = try owner.query("SELECT id FROM tenant WHERE slug = 'dpi'")[0].decode("id", as: UUID.self)
            let dataset = SeededDataset(parameters: parameters, places: try SeededDataset.places(owner))
            try dataset.load(into: owner, tenant: dpi)
            return (dataset, dpi)
        }
        return SeededDatasetDaemon(daemon: daemon, conninfo: conninfo, dataset: dataset, dpi: dpi)
    }

    /// A call in tenant dpi unless the parameters name one.
    public func call(_ method: String, _ parameters: JSONObject = JSONObject()) async throws -> JSONValue {
        var parameters = parameters
        if parameters["tenant"] == nil { parameters["tenant"] = "dpi" }
        return try await daemon.call(method, .object(parameters))
    }

    /// The Varlink error a call answers; nil if it succeeded.
    public func failure(_ method: String, _ parameters: JSONObject) async -> VarlinkError? {
        do {
            _ = try await call(method, parameters)
            return nil
        } catch let error as VarlinkError {
            return error
        } catch {
            return VarlinkError("unexpected", parameters: ["error": .string("\(error)")])
        }
    }

    /// Measures as the wire gives them.
    public static func measures(_ json: JSONValue?) -> SeededMeasures {
        func int(_ name: String) -> Int { Int(json?[name]?.intValue ?? -1) }
        var m = SeededMeasures()
        m.events = int("events")
        m.participations = int("participations")
        m.uniquePersons = int("unique_persons")
        m.women = int("women")
        m.men = int("men")
        m.notRecorded = int("not_recorded")
        m.womenParticipations = int("women_participations")
        m.menParticipations = int("men_participations")
        m.notRecordedParticipations = int("not_recorded_participations")
        m.municipalities = int("municipalities")
        return m
    }
}
