import Foundation
import Logging
import Synchronization

/// The process-wide log level, changeable at run time (SIGHUP reload). swift-log fixes a
/// handler's level when a Logger is made, so the handler reads this shared value instead.
final class ReloadableLogLevel: Sendable {
    static let shared = ReloadableLogLevel()
    private let raw = Atomic<Int>(Logger.Level.info.index)

    var level: Logger.Level { Logger.Level.allCases[raw.load(ordering: .relaxed)] }
    func set(_ level: Logger.Level) { raw.store(level.index, ordering: .relaxed) }
}

extension Logger.Level {
    var index: Int { Logger.Level.allCases.firstIndex(of: self) ?? 2 }
}

/// Structured `key=value` lines on stderr (journald adds time and unit), with the shared level.
struct DaemonLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    let label: String

    init(label: String) { self.label = label }

    var logLevel: Logger.Level {
        get { ReloadableLogLevel.shared.level }
        set { ReloadableLogLevel.shared.set(newValue) }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote("\($0.value)"))" }.joined(separator: " ")
        let line = "level=\(event.level) msg=\(Self.quote("\(event.message)"))" + (fields.isEmpty ? "" : " " + fields) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func quote(_ text: String) -> String {
        text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) || text.isEmpty
            ? "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            : text
    }
}
