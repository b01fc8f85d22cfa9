import Foundation

/// What a load printed: throughput, latency percentiles (nearest rank), errors, memory peak.
struct LoadResult {
    var calls: Int
    var rows: Int
    var seconds: Double
    var p50: Double
    var p99: Double
    var errors: Int
    var firstError: String?
    var peakRSSKiB: Int?

    init(tally: ClientTally, seconds: Double, rowsPerCall: Int, peakRSSKiB: Int?) {
        let sorted = tally.latencies.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }.sorted()
        calls = sorted.count
        rows = sorted.count * rowsPerCall
        self.seconds = seconds
        p50 = Self.percentile(sorted, 0.50)
        p99 = Self.percentile(sorted, 0.99)
        errors = tally.errors
        firstError = tally.firstError
        self.peakRSSKiB = peakRSSKiB
    }

    init(latenciesMs sorted: [Double]) {
        calls = sorted.count
        rows = 0
        seconds = sorted.reduce(0, +) / 1000
        p50 = Self.percentile(sorted, 0.50)
        p99 = Self.percentile(sorted, 0.99)
        errors = 0
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var json: String {
        var fields: [String] = [
            "\"calls\":\(calls)", "\"rows\":\(rows)", "\"seconds\":\(seconds)",
            "\"calls_per_s\":\(Double(calls) / seconds)", "\"rows_per_s\":\(Double(rows) / seconds)",
            "\"p50_ms\":\(p50)", "\"p99_ms\":\(p99)", "\"errors\":\(errors)",
        ]
        if let peakRSSKiB { fields.append("\"peak_rss_kib\":\(peakRSSKiB)") }
        if let firstError {
            let escaped = firstError.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: " ")
            fields.append("\"first_error\":\"\(escaped)\"")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
