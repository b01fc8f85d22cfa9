import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// A daemon with one tenant ("dpi") and direct owner access to its database, for the
/// Events/Geography daemon suites. Calls go over the real socket as root (a system
/// administrator) unless made through trainingctl with another uid.
struct EventsDaemon {
    static let gulcho = "41706207814000"
    static let bulolu = "41706207811000"
    static let chongAlai = "41706259851000"
    static let kashkaSuu = "41706259824000"
    static let lenin = "41706207830000"
    static let budalyk = "41706207809000"

    let daemon: TestDaemon
    let conninfo: PGConninfo

    static func start(prefix: String, tenants: [String] = ["dpi"]) async throws -> EventsDaemon {
        let conninfo = try TestPostgres.createDatabase(prefix: prefix)
        let daemon = try await TestDaemon.start(database: conninfo, arguments: ["--socket-mode", "0666"])
        for slug in tenants {
            _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": .string(slug), "name": .string("Tenant \(slug)")])
        }
        return EventsDaemon(daemon: daemon, conninfo: conninfo)
    }

    func call(_ method: String, _ parameters: JSONObject = JSONObject()) async throws -> JSONValue {
        try await daemon.call(method, .object(parameters))
    }

    /// The error a call answers (a test failure if it succeeds).
    func error(_ method: String, _ parameters: JSONObject, sourceLocation: SourceLocation = #_sourceLocation) async -> VarlinkError? {
        do {
            let reply = try await daemon.call(method, .object(parameters))
            Issue.record("\(method) succeeded but should fail: \(reply)", sourceLocation: sourceLocation)
            return nil
        } catch let error as VarlinkError {
            return error
        } catch {
            Issue.record("\(method) failed with \(error) instead of a Varlink error", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// CreateEvent for the Gülchö training of 16 April 2019, with its five invitations.
    func createGulcho(code: String = "OSH-2019-04-GULCHO", tenant: String = "dpi") async throws -> JSONValue {
        try await call("io.trainingd.Events.CreateEvent", [
            "tenant": .string(tenant), "code": .string(code),
            "title": "Joint planning of actions of the local community and LSG bodies",
            "modules": ["The essence and types of the SEDP", "Developing the joint action plan (JAP)"],
            "venue": .string(Self.gulcho), "settlement": "Гүлчө", "first_day": "2019-04-16", "last_day": "2019-04-16",
            "capacity": 30, "trainers": ["LSG specialist"], "funder": "SDC",
            "invitations": [
                ["municipality": .string(Self.bulolu), "role": "target"], ["municipality": .string(Self.chongAlai), "role": "target"],
                ["municipality": .string(Self.kashkaSuu), "role": "neighbour"], ["municipality": .string(Self.lenin), "role": "neighbour"],
                ["municipality": .string(Self.budalyk), "role": "neighbour"],
            ],
        ])
    }

    func owner() throws -> PGConnection { try TestPostgres.connect(conninfo) }

    /// Number of rows a query counts (as `n`), as the owner.
    func count(_ query: PGQuery) throws -> Int { try owner().query(query)[0].decode("n", as: Int.self) }

    /// Runs trainingctl against this daemon, as `uid` when given.
    func ctl(as uid: UInt32? = nil, _ arguments: [String]) async throws -> ChildProcess.Result {
        try await AccessTests.trainingctl(daemon, as: uid, arguments)
    }
}
