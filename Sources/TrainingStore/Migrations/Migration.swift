import Foundation

/// One numbered schema change, read from `sql/NNNN_name.sql`.
///
/// A file is plain SQL run in one transaction, except lines starting with `\copy`, which load a
/// data file client-side exactly as psql's `\copy` does (path relative to the sql directory).
/// So every migration can also be applied by hand with `psql -1 -f`, and reference data such
/// as the gazetteer stays a data file, not code.
public struct Migration: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        /// Statements sent as one simple-protocol script.
        case sql(String)
        /// `COPY … FROM STDIN` with the bytes of the named data file.
        case copy(statement: String, dataFile: String, data: [UInt8])
    }

    public let version: Int
    public let name: String
    public let fileName: String
    public let steps: [Step]
    /// The file's bytes followed by those of every data file it loads: changing either is
    /// detected as a changed migration.
    public let contentForChecksum: [UInt8]

    public init(version: Int, name: String, fileName: String, steps: [Step], contentForChecksum: [UInt8]) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.steps = steps
        self.contentForChecksum = contentForChecksum
    }
}
