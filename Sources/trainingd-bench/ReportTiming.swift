import ArgumentParser
import Foundation
import Varlink

/// Times io.trainingd.Reports.Participation, one call at a time, after one unmeasured call
/// (so both sides read from a warm cache, as psql's repeated runs do).
struct ReportTiming: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Time io.trainingd.Reports.Participation.",
        discussion: """
            Example:
              trainingd-bench report --socket S --parameters '{"tenant":"bench","group_by":["oblast","sex"]}' --repeat 5
            """)

    @Option(help: "The daemon's Varlink socket.") var socket: String
    @Option(help: "The call's parameters, a JSON object.") var parameters: String
    @Option(help: "Measured calls.") var `repeat` = 5
    @Option(help: "Also sample VmRSS of this process every 20 ms during the measured calls; report the peak.") var samplePid: Int32?

    func run() async throws {
        let client = try await VarlinkClient.connect(unixSocketPath: socket)
        let parameters = try JSONParser.parse(parameters)
        let method = "io.trainingd.Reports.Participation"
        let first = try await client.call(method, parameters)
        let clock = ContinuousClock()
        let sampler = samplePid.map { RSSSampler(pid: $0) }
        let samplerTask = sampler.map { s in Task { await s.run() } }
        var latencies: [Double] = []
        for _ in 0..<`repeat` {
            let elapsed = try await clock.measure { _ = try await client.call(method, parameters) }
            latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        samplerTask?.cancel()
        await client.close()
        let groups = first["groups"]?.arrayValue?.count ?? 0
        let total = first["total"]?.jsonString ?? "null"
        var result = LoadResult(latenciesMs: latencies.sorted())
        result.peakRSSKiB = await sampler?.peak
        var json = result.json
        json.removeLast()
        print(json + ",\"groups\":\(groups),\"total\":\(total)}")
    }
}
