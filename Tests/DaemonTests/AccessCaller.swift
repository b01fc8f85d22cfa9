import ChildProcess
import Foundation
import TestSupport
import Varlink

/// Calls the daemon as another uid: a standard-library Python client run under setpriv, so
/// the daemon's SO_PEERCRED sees that uid (the test process itself stays root).
enum AccessCaller {
    struct Call: Sendable {
        var method: String
        var parameters: JSONValue
        var more = false
    }

    /// The first reply to each call, in order: `error` (nil on success) and `parameters`.
    struct Reply: Sendable {
        var error: String?
        var parameters: JSONValue
        /// Set when the connection failed or closed without a reply.
        var transport: String?
    }

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/raw_calls.py")
    }

    /// The system Python: the project's venv lives under root's home, which other uids cannot read.
    static let python = "/usr/bin/python3"

    /// Runs `calls` as `uid`, with `gid` (default: the same number) as its only group.
    static func run(_ calls: [Call], as uid: UInt32, gid: UInt32? = nil, socket: String) async throws -> [Reply] {
        let source = try String(contentsOf: script, encoding: .utf8)
        let request = JSONValue.array(calls.map { call in
            ["method": .string(call.method), "parameters": call.parameters, "more": .bool(call.more)]
        })
        // The source goes in as -c text, so the uid need not be able to read the checkout.
        let result = try await ChildProcess.runDetached("/usr/bin/setpriv", [
            "--reuid=\(uid)", "--regid=\(gid ?? uid)", "--clear-groups", python, "-c", source, socket, request.jsonString,
        ])
        guard result.status == 0, let replies = (try? JSONParser.parse(result.output))?.arrayValue, replies.count == calls.count else {
            throw AccessTableError("raw_calls.py as uid \(uid) exited \(result.status): \(result.output.prefix(2000))")
        }
        return replies.map { Reply(error: $0["error"]?.stringValue, parameters: $0["parameters"] ?? .null, transport: $0["transport"]?.stringValue) }
    }
}
