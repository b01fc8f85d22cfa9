import Foundation
import Logging
import Postgres

/// The throwaway PostgreSQL cluster that `scripts/test` starts for the test run.
///
/// Every suite gets a database of its own, so suites can run in parallel and never see each
/// other's rows. There is no fallback to a system cluster: tests that need PostgreSQL fail with
/// a message saying how to run them.
public enum TestPostgres {
    /// Environment variable holding the admin conninfo (set by scripts/test).
    public static let environmentKey = "TRAININGD_TEST_DATABASE"

    public static let logger: Logger = {
        var logger = Logger(label: "trainingd.tests")
        logger.logLevel = .warning
        return logger
    }()

    public static func adminConninfo() throws -> PGConninfo {
        guard let value = ProcessInfo.processInfo.environment[environmentKey], !value.isEmpty else {
            throw TestSetupError("\(environmentKey) is not set: run the tests with scripts/test, which starts a throwaway cluster")
        }
        return try PGConninfo(value)
    }

    /// Creates an empty database with a unique name and returns its conninfo.
    public static func createDatabase(prefix: String = "t") throws -> PGConninfo {
        let admin = try adminConninfo()
        let name = "\(prefix)_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))"
        let connection = try PGConnection.connect(admin, logger: logger)
        try connection.executeScript("CREATE DATABASE " + connection.quoteIdentifier(name))
        return try admin.replacing("dbname", with: name)
    }

    /// Opens a connection to a database created by `createDatabase`.
    public static func connect(_ conninfo: PGConninfo, applicationName: String = "trainingd-tests") throws -> PGConnection {
        try PGConnection.connect(conninfo, options: .init(applicationName: applicationName), logger: logger)
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension TestPostgres {
    /// The repository's `sql/` directory.
    public static var migrationsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../sql").standardized
    }
}
