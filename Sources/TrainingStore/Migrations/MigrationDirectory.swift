import Foundation

/// Finds the `sql/` directory the daemon's migrations come from.
///
/// Looked up at run time rather than compiled in, so an installed daemon reads the same plain
/// files an administrator can inspect (`PREFIX/share/trainingd/sql`), and a development build
/// reads the repository's `sql/`.
public enum MigrationDirectory {
    public static func locate(explicit: String?, executablePath: String = CommandLine.arguments[0]) throws -> URL {
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            guard containsMigrations(url) else { throw MigrationError.directoryNotFound(searched: [explicit]) }
            return url
        }
        let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        var candidates = [executable.deletingLastPathComponent().appendingPathComponent("../share/trainingd/sql").standardized]
        // A development build lives in REPO/.build/<triple>/<config>/: walk up to the repository.
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("sql"))
            directory = directory.deletingLastPathComponent()
        }
        if let found = candidates.first(where: containsMigrations) { return found }
        throw MigrationError.directoryNotFound(searched: candidates.map(\.path))
    }

    static func containsMigrations(_ url: URL) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.contains { $0.hasPrefix("0001_") && $0.hasSuffix(".sql") }
    }
}
