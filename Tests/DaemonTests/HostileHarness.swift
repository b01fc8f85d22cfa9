import ChildProcess
import Foundation
import TestSupport
import Testing
@testable import Varlink

/// A daemon under attack, with a well-behaved client on its own connection that must keep
/// getting correct answers, and the daemon's memory watched from /proc.
final class HostileHarness: Sendable {
    /// A generous bound on the daemon's resident memory (memory, not time).
    static let rssLimitKiB = 256 * 1024
    static let maxConnections = 200
    static let readTimeoutSeconds = 2

    let daemon: TestDaemon
    let bystander: VarlinkClient
    /// The bystander's reference answer, taken before any hostile input.
    let reference: JSONValue

    private init(daemon: TestDaemon, bystander: VarlinkClient, reference: JSONValue) {
        self.daemon = daemon
        self.bystander = bystander
        self.reference = reference
    }

    static func start(prefix: String) async throws -> HostileHarness {
        let daemon = try await TestDaemon.start(database: try TestPostgres.createDatabase(prefix: prefix), arguments: [
            "--max-connections", String(maxConnections), "--read-timeout-seconds", String(readTimeoutSeconds), "--log-level", "info",
        ])
        _ = try await daemon.call("io.trainingd.System.CreateTenant", ["slug": "dpi", "name": "Development Policy Institute"])
        let bystander = try await daemon.connect()
        let reference = try await bystander.call("io.trainingd.Geography.ListDistricts", ["oblast": "41706000000000"])
        try #require((reference["districts"]?.arrayValue?.count ?? 0) > 3, "Osh oblast's districts: \(reference)")
        return HostileHarness(daemon: daemon, bystander: bystander, reference: reference)
    }

    /// The daemon's VmRSS in KiB.
    var rssKiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(daemon.process.pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") ?? 0
    }

    /// The daemon is up, under the memory bound, and both the bystander and a new connection are
    /// served correctly. Returns the RSS in KiB.
    @discardableResult
    func checkStillServing(after what: String, newConnection: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        #expect(daemon.process.wait(timeout: .zero) == nil, "trainingd exited after \(what):\n\(daemon.log.suffix(3000))", sourceLocation: sourceLocation)
        let answer = try await bystander.call("io.trainingd.Geography.ListDistricts", ["oblast": "41706000000000"])
        #expect(answer == reference, "bystander's answer changed after \(what)", sourceLocation: sourceLocation)
        if newConnection {
            let status = try await daemon.call("io.trainingd.System.Status")
            #expect(status["database_reachable"] == true, "after \(what)", sourceLocation: sourceLocation)
        }
        let rss = rssKiB
        #expect(rss > 0 && rss < Self.rssLimitKiB, "RSS \(rss) KiB after \(what)", sourceLocation: sourceLocation)
        return rss
    }

    func stop() async {
        await bystander.close()
        #expect(await daemon.terminate() == 0)
    }
}

/// What a hostile connection saw.
enum HostileOutcome: Equatable, CustomStringConvertible {
    case reply(VarlinkReplyMessage)
    case closed
    case timedOut

    var errorName: String? { if case .reply(let reply) = self { reply.error } else { nil } }

    var description: String {
        switch self {
        case .reply(let reply): "reply \(reply.error ?? "success") \(JSONValue.object(reply.parameters))"
        case .closed: "closed"
        case .timedOut: "no answer"
        }
    }
}

extension VarlinkClient {
    /// Sends bytes as they are, ignoring a connection the server already closed.
    func sendHostile(_ bytes: [UInt8]) async {
        try? await sendRaw(bytes)
    }

    /// The next thing the server does on this connection.
    func outcome(within seconds: Int64 = 20) async -> HostileOutcome {
        do {
            return .reply(try await nextReply(timeout: .seconds(seconds)))
        } catch VarlinkClientError.timedOut {
            return .timedOut
        } catch {
            return .closed
        }
    }
}
