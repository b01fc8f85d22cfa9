import Foundation
import Varlink

/// Runs `clients` connections in parallel, each calling `makeCall` back to back, first for the
/// warm-up and then for the measured window; collects every measured call's latency.
///
/// Why one connection per client: that is how trainingctl and office clients talk to the daemon,
/// and it is what pgbench -c N does on the PostgreSQL side.
struct LoadRunner {
    let options: LoadOptions
    /// Rows one call writes or reads (30 for a day's sheet), for rows/s.
    let rowsPerCall: Int
    /// Builds the call for client `client`, its `n`-th call (0-based).
    let makeCall: @Sendable (_ client: Int, _ n: Int) -> (method: String, parameters: JSONValue)

    func run() async throws -> LoadResult {
        let connections = try await (0..<options.clients).asyncMap { _ in
            try await VarlinkClient.connect(unixSocketPath: options.socket)
        }
        let sampler = options.samplePid.map { RSSSampler(pid: $0) }
        let samplerTask = sampler.map { s in Task { await s.run() } }
        let clock = ContinuousClock()
        let start = clock.now
        let measureFrom = start + .milliseconds(Int(options.warmup * 1000))
        let end = measureFrom + .milliseconds(Int(options.seconds * 1000))
        let perClient = try await withThrowingTaskGroup(of: ClientTally.self) { group in
            for (index, connection) in connections.enumerated() {
                group.addTask {
                    try await Self.drive(connection, client: index, measureFrom: measureFrom, end: end, makeCall: makeCall)
                }
            }
            return try await group.reduce(into: [ClientTally]()) { $0.append($1) }
        }
        samplerTask?.cancel()
        for connection in connections { await connection.close() }
        let tally = perClient.reduce(ClientTally()) { $0.merged($1) }
        return LoadResult(tally: tally, seconds: options.seconds, rowsPerCall: rowsPerCall, peakRSSKiB: await sampler?.peak)
    }

    private static func drive(_ connection: VarlinkClient, client: Int, measureFrom: ContinuousClock.Instant,
                              end: ContinuousClock.Instant,
                              makeCall: @Sendable (Int, Int) -> (method: String, parameters: JSONValue)) async throws -> ClientTally {
        let clock = ContinuousClock()
        var tally = ClientTally()
        var n = 0
        while true {
            let before = clock.now
            if before >= end { break }
            let call = makeCall(client, n)
            n += 1
            var failed = false
            do {
                _ = try await connection.call(call.method, call.parameters)
            } catch {
                failed = true
                if tally.firstError == nil { tally.firstError = "\(error)" }
            }
            let after = clock.now
            guard before >= measureFrom, after <= end else { continue }
            if failed { tally.errors += 1 } else { tally.latencies.append(after - before) }
        }
        return tally
    }
}

/// One client's measured calls.
struct ClientTally: Sendable {
    var latencies: [Duration] = []
    var errors = 0
    var firstError: String?

    func merged(_ other: ClientTally) -> ClientTally {
        ClientTally(latencies: latencies + other.latencies, errors: errors + other.errors, firstError: firstError ?? other.firstError)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
