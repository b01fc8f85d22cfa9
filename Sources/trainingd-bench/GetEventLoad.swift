import ArgumentParser
import Varlink

/// io.trainingd.Events.GetEvent back to back: latency at one client, or memory under 64.
struct GetEventLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get-event", abstract: "io.trainingd.Events.GetEvent under load.",
        discussion: """
            Example:
              trainingd-bench get-event --socket S --tenant bench --event BENCH-ATT --clients 1 --seconds 10
            """)

    @OptionGroup var load: LoadOptions
    @Option(help: "Event code.") var event: String

    func run() async throws {
        let parameters: JSONValue = ["tenant": .string(load.tenant), "event": .string(event)]
        let runner = LoadRunner(options: load, rowsPerCall: 1) { _, _ in ("io.trainingd.Events.GetEvent", parameters) }
        print(try await runner.run().json)
    }
}
