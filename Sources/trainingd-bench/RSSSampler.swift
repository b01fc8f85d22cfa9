import Foundation

/// Samples a process's resident set (VmRSS in /proc/PID/status) until cancelled; keeps the peak.
actor RSSSampler {
    let pid: Int32
    private(set) var peak = 0

    init(pid: Int32) { self.pid = pid }

    func run() async {
        while !Task.isCancelled {
            if let rss = Self.read(pid: pid, field: "VmRSS:") { peak = max(peak, rss) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A `kB` field of /proc/PID/status, in KiB.
    static func read(pid: Int32, field: String) -> Int? {
        // Read to EOF: /proc files report size 0, which String(contentsOfFile:) takes at its word.
        guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/status"),
              let text = String(data: handle.readDataToEndOfFile(), encoding: .utf8) else { return nil }
        defer { try? handle.close() }
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            return Int(line.dropFirst(field.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}
