import ChildProcess
import Foundation
import TestSupport
import Testing

/// scripts/install into a staging root produces exactly the tree docs/operations.md documents,
/// with working binaries, completions and man pages generated from trainingctl's parser.
@Suite("install")
struct InstallTests {
    /// One documented entry: a mode and a path that may end in a `*` pattern.
    struct Entry: CustomStringConvertible {
        let mode: Int
        let pattern: String
        var description: String { String(format: "%04o %@", mode, pattern) }

        func matches(_ path: String) -> Bool {
            guard let star = pattern.firstIndex(of: "*") else { return path == pattern }
            let head = pattern[..<star], tail = pattern[pattern.index(after: star)...]
            return path.count > head.count + tail.count && path.hasPrefix(head) && path.hasSuffix(tail)
                && !path.dropFirst(head.count).dropLast(tail.count).contains("/")
        }
    }

    /// The fenced block after `<!-- install-tree -->` in docs/operations.md, with PREFIX=/usr
    /// and SYSCONFDIR=/etc.
    static func documentedTree() throws -> [Entry] {
        let text = try String(contentsOf: InstallScript.repository.appendingPathComponent("docs/operations.md"), encoding: .utf8)
        guard let marker = text.range(of: "<!-- install-tree -->") else { throw TestSetupError("docs/operations.md has no <!-- install-tree --> block") }
        let block = text[marker.upperBound...].split(separator: "```", maxSplits: 2, omittingEmptySubsequences: false)[1]
        return try block.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2 else { return nil }
            guard let mode = Int(fields[0], radix: 8) else { throw TestSetupError("bad mode in documented tree: \(line)") }
            let path = fields[1].replacingOccurrences(of: "PREFIX", with: "/usr").replacingOccurrences(of: "SYSCONFDIR", with: "/etc")
            return Entry(mode: mode, pattern: path)
        }
    }

    /// Every regular file under `root`, as absolute paths inside the staged system, with modes.
    static func files(under root: URL) throws -> [String: Int] {
        var result: [String: Int] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))
            result[path] = (attributes[.posixPermissions] as? Int) ?? -1
        }
        return result
    }

    @Test func installsTheDocumentedTree() async throws {
        let stage = try InstallScript.temporaryDirectory("install")
        defer { try? FileManager.default.removeItem(at: stage) }
        try await InstallScript.run(destdir: stage.path, prefix: "/usr")
        let documented = try Self.documentedTree()
        let installed = try Self.files(under: stage)
        #expect(documented.count >= 15, "the documented tree was parsed: \(documented)")

        for (path, mode) in installed.sorted(by: { $0.key < $1.key }) {
            let entries = documented.filter { $0.matches(path) }
            #expect(entries.count == 1, "\(path) is documented exactly once (matches: \(entries))")
            if let entry = entries.first { #expect(mode == entry.mode, "\(path) has mode \(String(mode, radix: 8)), documented \(entry)") }
        }
        for entry in documented {
            #expect(installed.keys.contains(where: entry.matches), "documented but not installed: \(entry)")
        }
        // Patterns stand for exactly the repository's migrations and documents.
        let migrations = try FileManager.default.contentsOfDirectory(atPath: InstallScript.repository.appendingPathComponent("sql").path)
            .filter { $0.hasSuffix(".sql") }
        #expect(Set(installed.keys.filter { $0.hasPrefix("/usr/share/trainingd/sql/") && $0.hasSuffix(".sql") && !$0.contains("/sql/data/") })
                == Set(migrations.map { "/usr/share/trainingd/sql/\($0)" }))
        let docs = try FileManager.default.contentsOfDirectory(atPath: InstallScript.repository.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") } + ["README.md", "CHANGELOG.md"]
        #expect(Set(installed.keys.filter { $0.hasPrefix("/usr/share/doc/trainingd/") }) == Set(docs.map { "/usr/share/doc/trainingd/\($0)" }))

        // The installed binaries run, and the unit starts the installed daemon.
        for binary in ["trainingd", "trainingctl"] {
            let result = try await ChildProcess.runDetached(stage.appendingPathComponent("usr/bin/\(binary)").path, ["--version"])
            #expect(result.status == 0 && result.output.first?.isNumber == true, "\(binary) --version: \(result.output)")
        }
        let unit = try String(contentsOf: stage.appendingPathComponent("usr/lib/systemd/system/trainingd.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/bin/trainingd "))
        // A second install keeps the administrator's configuration.
        let config = stage.appendingPathComponent("etc/trainingd/trainingd.conf")
        try Data("TRAININGD_POOL_SIZE=3\n".utf8).write(to: config)
        try await InstallScript.run(destdir: stage.path, prefix: "/usr")
        #expect(try String(contentsOf: config, encoding: .utf8) == "TRAININGD_POOL_SIZE=3\n")
    }

    @Test func completionsAndManPagesCoverEveryCommand() async throws {
        let stage = try InstallScript.temporaryDirectory("install-docs")
        defer { try? FileManager.default.removeItem(at: stage) }
        try await InstallScript.run(destdir: stage.path, prefix: "/usr")
        let commands = try await TrainingctlCommands(executable: stage.appendingPathComponent("usr/bin/trainingctl").path).all()
        #expect(commands.count > 20, "the command tree was discovered: \(commands.map(\.name))")

        let completions = ["share/bash-completion/completions/trainingctl", "share/zsh/site-functions/_trainingctl",
                           "share/fish/vendor_completions.d/trainingctl.fish"]
        for file in completions {
            let script = try String(contentsOf: stage.appendingPathComponent("usr/\(file)"), encoding: .utf8)
            for command in commands where !command.path.isEmpty {
                #expect(script.contains(command.path.last!), "\(file) completes \(command.name)")
            }
        }
        let bash = try await ChildProcess.runDetached("/bin/bash", ["-n", stage.appendingPathComponent("usr/\(completions[0])").path])
        #expect(bash.status == 0, "the bash completion parses: \(bash.output)")

        // One page per command (and the parser's `help`), each valid roff without warnings.
        let manDirectory = stage.appendingPathComponent("usr/share/man/man1")
        let pages = Set(try FileManager.default.contentsOfDirectory(atPath: manDirectory.path))
        let expected = Set(commands.map { (["trainingctl"] + $0.path).joined(separator: ".") + ".1" } + ["trainingctl.help.1"])
        #expect(pages == expected)
        for page in pages.sorted() {
            let lint = try await ChildProcess.runDetached("/usr/bin/groff", ["-man", "-Tutf8", "-ww", "-z", manDirectory.appendingPathComponent(page).path])
            #expect(lint.status == 0 && lint.output.isEmpty, "groff warns about \(page): \(lint.output)")
        }
        // Pages render, and keep the non-ASCII words of the help (Kyrgyz, Russian examples).
        var nonASCIIChecked = 0
        for command in commands {
            let page = manDirectory.appendingPathComponent((["trainingctl"] + command.path).joined(separator: ".") + ".1").path
            // The page has the command's own text; subcommands' abstracts are on their pages.
            let ownText = command.help.components(separatedBy: "SUBCOMMANDS:")[0]
            let word = ownText.split(whereSeparator: \.isWhitespace)
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"'(),.:;")) }
                .first { $0.unicodeScalars.contains { !$0.isASCII } && $0.count > 2 }
            guard command.path.isEmpty || word != nil else { continue }
            let rendered = try await ChildProcess.runDetached("/usr/bin/man", ["-l", page], environment: [
                "MANPAGER": "cat", "PAGER": "cat", "PATH": "/usr/bin:/bin", "MANWIDTH": "200", "LANG": "C.UTF-8"])
            #expect(rendered.status == 0 && rendered.output.contains("trainingctl"), "man -l \(page): \(rendered.output.prefix(400))")
            if let word {
                #expect(rendered.output.contains(word), "\(page) shows \(word) as --help does")
                nonASCIIChecked += 1
            }
        }
        #expect(nonASCIIChecked > 0, "some help text has non-ASCII words to check")
    }

    @Test func everyCommandsHelpShowsAnExample() async throws {
        let commands = try await TrainingctlCommands(executable: try TestDaemon.executable("trainingctl")).all()
        #expect(commands.count > 20, "the command tree was discovered: \(commands.map(\.name))")
        for command in commands {
            let examples = command.help.split(separator: "\n").filter { $0.drop(while: { $0 == " " }).hasPrefix("trainingctl ") }
            #expect(!examples.isEmpty, "`\(command.name) --help` shows no example line starting with `trainingctl `")
            #expect(!command.help.contains("\u{1B}"), "`\(command.name) --help` has no escape sequences")
        }
    }

    @Test func noColorIsHonoured() async throws {
        let ctl = try TestDaemon.executable("trainingctl")
        for environment in [["NO_COLOR": "1", "TERM": "xterm-256color"], ["TERM": "xterm-256color"]] {
            let error = try await ChildProcess.runDetached(ctl, ["--socket", "/nonexistent/io.trainingd", "status"], environment: environment)
            #expect(error.status == 69 && !error.output.isEmpty, "unreachable daemon: \(error.output)")
            #expect(!error.output.contains("\u{1B}"), "no escape sequences with \(environment): \(error.output)")
            let usage = try await ChildProcess.runDetached(ctl, ["event", "create", "--bogus"], environment: environment)
            #expect(usage.status == 64 && !usage.output.contains("\u{1B}"), "usage error: \(usage.output)")
        }
    }
}
