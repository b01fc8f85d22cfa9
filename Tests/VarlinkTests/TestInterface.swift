import Synchronization
@testable import Varlink

/// The small interface the live tests serve, with handlers that record what happened.
final class TestInterface: Sendable {
    static let idl = """
        # Interface used by the Varlink module tests.
        interface org.example.test

        type Entry (
          day: int,
          note: ?string
        )

        # Echoes its input.
        method Ping(ping: string) -> (pong: string)

        method Record(entries: []Entry, mode: (strict, lenient)) -> (count: int)

        # [Requires 'more' flag]
        method Count(n: int) -> (i: int)

        # [Supports 'more' flag]
        method Watch() -> (tick: int)

        method Slow(ms: int) -> ()

        method Fail(internal: bool) -> ()

        method WhoAmI() -> (pid: int, uid: int, gid: int)

        method Bump() -> ()

        method Bumps() -> (count: int)

        method NotImplemented() -> ()

        # Starts early when pipelined: logs "prepared n", waits for its turn, logs
        # "turn n", holds for hold_ms, logs "done n"; previous_ok: whether the call
        # before it on the connection succeeded; previous_failed: that call's method
        # and tag when it failed.
        method Step(n: int, hold_ms: ?int, fail_before_turn: ?bool, tag: ?string) -> (n: int, previous_ok: bool, previous_failed: ?string)

        error Custom (code: int)

        error Internal ()

        """

    let bumps = Mutex(0)
    /// What Step calls did, in order.
    let steps = Mutex<[String]>([])
    let watchCancelled = Mutex(false)

    var isWatchCancelled: Bool { watchCancelled.withLock { $0 } }

    func interface() throws -> VarlinkInterface {
        var interface = try VarlinkInterface(description: Self.idl)
        try interface.implement("Ping") { call in ["pong": call.parameters["ping"] ?? ""] }
        try interface.implement("Record") { call in
            ["count": .int(Int64(call.parameters["entries"]?.arrayValue?.count ?? 0))]
        }
        try interface.implement("Count", requiresMore: true) { call in
            let n = call.parameters["n"]?.intValue ?? 0
            // The first half one by one, the rest as one page: both ways of sending, in order.
            for i in 0..<n / 2 { try await call.send(["i": .int(i)]) }
            try await call.send(contentsOf: (n / 2..<n).map { ["i": .int($0)] })
            return ["i": .int(n)]
        }
        try interface.implement("Watch") { [self] call in
            var tick: Int64 = 0
            // Cancellation may land in the sleep or in a send: record it on every way out.
            do {
                while true {
                    try await Task.sleep(for: .milliseconds(20))
                    if call.more { try await call.send(["tick": .int(tick)]) }
                    tick += 1
                }
            } catch {
                if Task.isCancelled {
                    watchCancelled.withLock { $0 = true }
                    return ["tick": -1]
                }
                throw error
            }
        }
        try interface.implement("Slow") { call in
            try? await Task.sleep(for: .milliseconds(call.parameters["ms"]?.intValue ?? 0))
            return [:]
        }
        try interface.implement("Fail") { call in
            if call.parameters["internal"] == true { throw SomeInternalError() }
            throw VarlinkError("org.example.test.Custom", parameters: ["code": 7])
        }
        try interface.implement("WhoAmI") { call in
            ["pid": .int(Int64(call.peer.pid)), "uid": .int(Int64(call.peer.uid)), "gid": .int(Int64(call.peer.gid))]
        }
        try interface.implement("Bump") { [self] _ in
            bumps.withLock { $0 += 1 }
            return nil
        }
        try interface.implement("Bumps") { [self] _ in
            ["count": .int(Int64(bumps.withLock { $0 }))]
        }
        try interface.implement("Step", startsEarly: true) { [self] call in
            let n = call.parameters["n"]?.intValue ?? 0
            steps.withLock { $0.append("prepared \(n)") }
            if call.parameters["fail_before_turn"] == true { throw VarlinkError("org.example.test.Custom", parameters: ["code": .int(n)]) }
            let previousFailure: VarlinkFailedCall?
            do {
                previousFailure = try await call.waitForTurn()
            } catch {
                steps.withLock { $0.append("dropped \(n)") }
                throw error
            }
            steps.withLock { $0.append("turn \(n)") }
            try? await Task.sleep(for: .milliseconds(call.parameters["hold_ms"]?.intValue ?? 0))
            steps.withLock { $0.append("done \(n)") }
            var reply: JSONObject = ["n": .int(n), "previous_ok": .bool(previousFailure == nil)]
            if let previousFailure {
                reply["previous_failed"] = .string(previousFailure.method + " " + (previousFailure.strings["tag"] ?? "-"))
            }
            return .object(reply)
        }
        return interface
    }

    func service() throws -> VarlinkService {
        var service = VarlinkService(
            vendor: "Test Vendor",
            product: "vlk-test",
            version: "1.2.3",
            url: "https://example.org/vlk",
            internalErrorName: "org.example.test.Internal"
        )
        try service.add(try interface())
        return service
    }

    struct SomeInternalError: Error {}
}
