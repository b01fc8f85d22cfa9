import ChildProcess
import Foundation

/// trainingctl's command tree, discovered from its own `--help` output (SUBCOMMANDS sections),
/// so a command added tomorrow is checked without touching the tests.
struct TrainingctlCommands {
    let executable: String

    /// A command path (["event", "create"]) and its `--help` text.
    struct Command {
        let path: [String]
        let help: String
        var name: String { (["trainingctl"] + path).joined(separator: " ") }
    }

    /// Every command, the root first, depth first.
    func all() async throws -> [Command] {
        var found: [Command] = []
        var pending: [[String]] = [[]]
        while let path = pending.popLast() {
            let result = try await ChildProcess.runDetached(executable, path + ["--help"], environment: ["NO_COLOR": "1", "COLUMNS": "80"])
            let command = Command(path: path, help: result.output)
            found.append(command)
            pending += Self.subcommands(in: command.help).reversed().map { path + [$0] }
        }
        return found
    }

    /// Names listed under SUBCOMMANDS: (two-space indent; `help` is the parser's own).
    static func subcommands(in help: String) -> [String] {
        var names: [String] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if line.hasPrefix("  See ") || (!line.isEmpty && !line.hasPrefix(" ")) { inSection = false; continue }
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { continue }
            if name != "help" { names.append(String(name)) }
        }
        return names
    }
}
