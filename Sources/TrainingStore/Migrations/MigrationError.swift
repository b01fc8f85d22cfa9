/// Why the schema could not be brought up to date. Each case names the file or version at fault.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    case directoryNotFound(searched: [String])
    case unreadable(file: String, reason: String)
    case badFileName(String)
    case duplicateVersion(Int, files: [String])
    case badCopyLine(file: String, line: Int, text: String)
    case missingDataFile(file: String, line: Int, dataFile: String)
    /// An applied migration's file no longer matches what was applied.
    case checksumMismatch(version: Int, file: String, applied: String, current: String)
    /// The database has migrations this build does not know: it is newer than the binary.
    case unknownAppliedVersion(Int, name: String)
    case failed(version: Int, file: String, reason: String)

    public var description: String {
        switch self {
        case .directoryNotFound(let searched):
            return "migrations directory not found; looked in: \(searched.joined(separator: ", "))"
        case .unreadable(let file, let reason): return "cannot read \(file): \(reason)"
        case .badFileName(let file): return "migration file name \(file) does not match NNNN_name.sql"
        case .duplicateVersion(let v, let files): return "migration version \(v) appears twice: \(files.joined(separator: ", "))"
        case .badCopyLine(let file, let line, let text): return "\(file):\(line): cannot parse \\copy line: \(text)"
        case .missingDataFile(let file, let line, let data): return "\(file):\(line): data file \(data) not found"
        case .checksumMismatch(let v, let file, let applied, let current):
            return "migration \(v) (\(file)) was changed after it was applied (applied checksum \(applied.prefix(12)), file \(current.prefix(12))); add a new migration instead of editing an applied one"
        case .unknownAppliedVersion(let v, let name):
            return "database has migration \(v) (\(name)) that this trainingd does not know: the database is newer than this binary"
        case .failed(let v, let file, let reason): return "migration \(v) (\(file)) failed: \(reason)"
        }
    }
}
