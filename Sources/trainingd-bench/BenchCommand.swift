import ArgumentParser

/// `trainingd-bench`: the load generator behind scripts/bench. It speaks real Varlink over the
/// daemon's socket (the project's own `VarlinkClient`) and prints one JSON object per run on
/// stdout, which scripts/bench puts side by side with PostgreSQL's own tools.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainingd-bench",
        abstract: "Load generator for scripts/bench: concurrent Varlink clients, calls/s and latency percentiles.",
        discussion: """
            Each subcommand prints one JSON object (calls, rows, seconds, calls_per_s, rows_per_s, \
            p50_ms, p99_ms, errors, peak_rss_kib). Normally run by scripts/bench.

            Example:
              trainingd-bench attendance --socket /tmp/b/io.trainingd --tenant bench --event BENCH-ATT \\
                  --people people.txt --first-day 2026-01-01 --days 300 --clients 8 --batch 1 --seconds 10
            """,
        subcommands: [AttendanceLoad.self, GetEventLoad.self, ReportTiming.self])
}
