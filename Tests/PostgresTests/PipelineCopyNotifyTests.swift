import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Pipeline mode, COPY FROM STDIN, LISTEN/NOTIFY")
struct PipelineCopyNotifyTests {
    let conninfo: PGConninfo
    let connection: PGConnection

    init() throws {
        conninfo = try TestPostgres.createDatabase(prefix: "bulk")
        connection = try TestPostgres.connect(conninfo)
        try connection.executeScript("CREATE TABLE IF NOT EXISTS person (id int PRIMARY KEY, name text NOT NULL, sex text)")
    }

    @Test func pipelineRunsATransactionInOneRoundTrip() throws {
        let results = try connection.pipeline([
            "BEGIN",
            "INSERT INTO person VALUES (\(Int32(1)), \("Айгүл"), \("female"))",
            "INSERT INTO person VALUES (\(Int32(2)), \("Бакыт"), \("male"))",
            "SELECT count(*) AS n FROM person",
            "COMMIT",
        ])
        #expect(results.count == 5)
        #expect(try results[3][0].decode("n", as: Int.self) == 2)
        #expect(try connection.query("SELECT name FROM person WHERE id = \(Int32(1))")[0].decode("name", as: String.self) == "Айгүл")
    }

    @Test func pipelineErrorAbortsTheRestAndRollsBack() throws {
        try connection.execute("INSERT INTO person VALUES (\(Int32(10)), \("Exists"), NULL)")
        let error = try #require(throws: PGError.self) {
            try connection.pipeline([
                "BEGIN",
                "INSERT INTO person VALUES (\(Int32(11)), \("New"), NULL)",
                "INSERT INTO person VALUES (\(Int32(10)), \("Duplicate"), NULL)",
                "INSERT INTO person VALUES (\(Int32(12)), \("Skipped"), NULL)",
                "COMMIT",
            ])
        }
        #expect(error.isUniqueViolation)
        #expect(connection.isIdle)
        let ids = try connection.query("SELECT id FROM person WHERE id >= \(Int32(10)) ORDER BY id").rows.map { try $0.decode(0, as: Int.self) }
        #expect(ids == [10])
    }

    @Test func copyHundredThousandRows() throws {
        try connection.executeScript("CREATE TABLE copied (id int, name text, day date)")
        let rows = 100_000
        let chunks = stride(from: 0, to: rows, by: 5_000).lazy.map { start -> [UInt8] in
            var chunk = ""
            for i in start..<min(start + 5_000, rows) { chunk += "\(i)\tҮлгү \(i)\t2019-04-16\n" }
            return Array(chunk.utf8)
        }
        let copied = try connection.copyIn("COPY copied (id, name, day) FROM STDIN", chunks: chunks)
        #expect(copied == rows)
        let row = try connection.query("SELECT count(*) AS n, count(DISTINCT id) AS d, max(name) FILTER (WHERE id = 99999) AS last FROM copied")[0]
        #expect(try row.decode("n", as: Int.self) == rows)
        #expect(try row.decode("d", as: Int.self) == rows)
        #expect(try row.decode("last", as: String.self) == "Үлгү 99999")
    }

    @Test func copyWithBadRowLoadsNothing() throws {
        try connection.executeScript("CREATE TABLE copied_bad (id int)")
        let error = try #require(throws: PGError.self) {
            try connection.copyIn("COPY copied_bad FROM STDIN", chunks: [Array("1\n2\nthree\n".utf8)])
        }
        #expect(error.sqlState == .invalidTextRepresentation)
        #expect(try connection.query("SELECT count(*) AS n FROM copied_bad")[0].decode("n", as: Int.self) == 0)
    }

    @Test func listenNotifyRoundTrip() throws {
        let listener = try TestPostgres.connect(conninfo)
        try listener.listen("events changed")  // a name that needs quoting
        #expect(try listener.waitForNotifications(timeoutMilliseconds: 50).isEmpty)
        let sender = try TestPostgres.connect(conninfo)
        try sender.notify("events changed", payload: "{\"event\":\"Гүлчө\"}")
        try sender.notify("other channel", payload: "ignored")
        let received = try listener.waitForNotifications(timeoutMilliseconds: 2_000)
        #expect(received.count == 1)
        #expect(received.first?.channel == "events changed")
        #expect(received.first?.payload == "{\"event\":\"Гүлчө\"}")
        #expect(received.first?.senderPID == sender.backendPID)
    }

    @Test func notificationsInsideATransactionArriveOnCommitOnly() throws {
        let listener = try TestPostgres.connect(conninfo)
        try listener.listen("tx")
        let sender = try TestPostgres.connect(conninfo)
        try sender.executeScript("BEGIN")
        try sender.notify("tx", payload: "1")
        #expect(try listener.waitForNotifications(timeoutMilliseconds: 100).isEmpty)
        try sender.executeScript("COMMIT")
        #expect(try listener.waitForNotifications(timeoutMilliseconds: 2_000).map(\.payload) == ["1"])
    }
}
