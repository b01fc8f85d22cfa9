import ChildProcess
import Foundation
import Postgres
import TestSupport
import Testing
import Varlink

/// The backups docs/operations.md tells administrators to take really restore: a whole
/// database through pg_dump/pg_restore, and one tenant through scripts/tenant-export and
/// scripts/tenant-import. "The same" means the daemon answers the same report numbers.
@Suite("backup and restore")
struct BackupTests {
    static let gulcho = "GULCHO-2019-04"
    static let rivalEvent = "RIVAL-2019-05"
    static let rivalNames = ["Жумабаева Айгерим", "Осмонов Талант", "Касымова Нургул"]

    /// trainingctl against `daemon` as root (a system administrator).
    static func ctl(_ daemon: TestDaemon, _ arguments: [String]) async throws -> String {
        try await GulchoEndToEndTests.ctl(daemon, arguments)
    }

    /// Two tenants loaded through the daemon: dpi holds the Gülchö training (26 participants
    /// imported from CSV, one day of attendance), rival a small event of its own.
    static func load(_ daemon: TestDaemon) async throws {
        _ = try await ctl(daemon, ["tenant", "create", "dpi", "Development Policy Institute"])
        _ = try await ctl(daemon, ["tenant", "create", "rival", "Another organisation"])
        _ = try await ctl(daemon, ["--tenant", "dpi", "event", "create", "--code", gulcho, "--title", "Биргелешкен пландоо",
                                   "--venue", "41706207814000", "--first-day", "2019-04-16", "--last-day", "2019-04-17", "--capacity", "40",
                                   "--invite", "41706207811000:target", "--invite", "41706259824000:neighbour"])
        _ = try await ctl(daemon, ["--tenant", "dpi", "event", "status", gulcho, "scheduled"])
        _ = try await ctl(daemon, ["--tenant", "dpi", "import", gulcho, GulchoEndToEndTests.fixture])
        let listed = try JSONParser.parse(try await ctl(daemon, ["--tenant", "dpi", "registrations", gulcho, "--json"]))
        let people = listed["registrations"]?.arrayValue?.compactMap { $0["person"]?["person_id"]?.stringValue } ?? []
        try #require(people.count == 26)
        _ = try await ctl(daemon, ["--tenant", "dpi", "event", "status", gulcho, "in_progress"])
        _ = try await ctl(daemon, ["--tenant", "dpi", "attend", gulcho, "--day", "2019-04-16"] + people)
        _ = try await ctl(daemon, ["--tenant", "dpi", "attend", gulcho, "--day", "2019-04-17"] + people.prefix(20))

        _ = try await ctl(daemon, ["--tenant", "rival", "event", "create", "--code", rivalEvent, "--title", "Бюджет",
                                   "--venue", "41706259851000", "--first-day", "2019-05-20", "--capacity", "10"])
        _ = try await ctl(daemon, ["--tenant", "rival", "event", "status", rivalEvent, "scheduled"])
        for (index, name) in rivalNames.enumerated() {
            _ = try await ctl(daemon, ["--tenant", "rival", "register", rivalEvent, "--name", name, "--sex", index == 1 ? "male" : "female",
                                       "--category", "council_deputy", "--municipality", "41706259851000"])
        }
    }

    /// What the reports say about a tenant. Reports.Participation (by oblast and sex) when the
    /// daemon implements it; always the event list and each event's statistics.
    static func numbers(_ daemon: TestDaemon, tenant: String) async throws -> [String: JSONValue] {
        var numbers: [String: JSONValue] = [:]
        let events = try await daemon.call("io.trainingd.Events.ListEvents", ["tenant": .string(tenant)])
        numbers["events"] = events
        for code in events["events"]?.arrayValue?.compactMap({ $0["event"]?["code"]?.stringValue }) ?? [] {
            numbers["statistics \(code)"] = withoutComputedAt(try await daemon.call("io.trainingd.Attendance.EventStatistics",
                                                                                     ["tenant": .string(tenant), "event": .string(code)]))
        }
        do {
            numbers["participation"] = withoutComputedAt(try await daemon.call("io.trainingd.Reports.Participation",
                                                                               ["tenant": .string(tenant), "group_by": ["oblast", "sex"]]))
        } catch let error as VarlinkError where error.name.hasSuffix("MethodNotImplemented") {
            numbers["participation"] = nil
        }
        return numbers
    }

    /// A reply without `computed_at`: when it was asked, not what it says.
    static func withoutComputedAt(_ reply: JSONValue) -> JSONValue {
        guard case .object(var fields) = reply else { return reply }
        fields["computed_at"] = nil
        return .object(fields)
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        let result = try await ChildProcess.runDetached(executable, arguments)
        guard result.status == 0 else { throw TestSetupError("\(executable) \(arguments.joined(separator: " ")) exited \(result.status):\n\(result.output)") }
        return result.output
    }

    /// A login role with a password (the test cluster trusts only `postgres`), created by the
    /// superuser with `attributes` (e.g. "BYPASSRLS"), then `grants` run; returns its conninfo
    /// for `database`.
    static func role(_ prefix: String, attributes: String = "", grants: [String] = [], database: PGConninfo) throws -> PGConninfo {
        let name = "\(prefix)_\(UUID().uuidString.lowercased().prefix(8))"
        let password = UUID().uuidString
        let admin = try TestPostgres.connect(try TestPostgres.adminConninfo())
        try admin.executeScript("CREATE ROLE \(try admin.quoteIdentifier(name)) LOGIN \(attributes) PASSWORD '\(password)'")
        for grant in grants { try admin.executeScript(grant.replacingOccurrences(of: "$ROLE", with: try admin.quoteIdentifier(name))) }
        return try database.replacing("user", with: name).replacing("password", with: password)
    }

    static func scratch(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // psql's \copy runs as the test's user; the server never touches these files.
        return directory
    }

    @Test func wholeDatabaseDumpRestoresTheSameNumbers() async throws {
        let original = try TestPostgres.createDatabase(prefix: "backup")
        let daemon = try await TestDaemon.start(database: original)
        try await Self.load(daemon)
        let before = try await Self.numbers(daemon, tenant: "dpi")
        let rivalBefore = try await Self.numbers(daemon, tenant: "rival")
        #expect(before["statistics \(Self.gulcho)"]?["attended"] == .int(26), "the data is loaded: \(before)")
        #expect(before["statistics \(Self.gulcho)"]?["women"] == .int(12))

        let directory = try Self.scratch("dump")
        defer { try? FileManager.default.removeItem(at: directory) }
        let dump = directory.appendingPathComponent("trainingd.dump").path
        // As docs/operations.md says: a backup role that reads everything and bypasses
        // row-level security (the database owner could not: the policies are FORCEd).
        let backup = try Self.role("backup", attributes: "BYPASSRLS", grants: ["GRANT pg_read_all_data TO $ROLE"], database: original)
        _ = try await Self.run("/usr/bin/pg_dump", ["--format=custom", "--file=\(dump)", backup.rawValue])
        let restored = try TestPostgres.createDatabase(prefix: "restored")
        _ = try await Self.run("/usr/bin/pg_restore", ["--exit-on-error", "--no-owner", "--dbname=\(restored.rawValue)", dump])
        #expect(await daemon.terminate() == 0)

        let second = try await TestDaemon.start(database: restored)
        let restoredNumbers = try await Self.numbers(second, tenant: "dpi")
        #expect(restoredNumbers == before, "differs in \(before.keys.filter { restoredNumbers[$0] != before[$0] }): \(restoredNumbers)")
        #expect(try await Self.numbers(second, tenant: "rival") == rivalBefore)
        #expect(before["participation"]?["total"]?["participations"] == .int(26), "Reports.Participation answers: \(before)")
        // The restored database takes writes again (identity sequences came along).
        _ = try await Self.ctl(second, ["--tenant", "rival", "register", Self.rivalEvent, "--name", "Абдыкадыров Эрлан", "--sex", "male",
                                        "--category", "council_deputy", "--municipality", "41706259851000"])
        #expect(await second.terminate() == 0)
    }

    @Test func oneTenantExportsAndImportsAlone() async throws {
        let original = try TestPostgres.createDatabase(prefix: "tenant_backup")
        let daemon = try await TestDaemon.start(database: original)
        try await Self.load(daemon)
        let before = try await Self.numbers(daemon, tenant: "dpi")
        let rivalID = try TestPostgres.connect(original).query("SELECT id FROM tenant WHERE slug = 'rival'")[0].decode("id", as: UUID.self)

        let directory = try Self.scratch("tenant-export")
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try await Self.run(InstallScript.repository.appendingPathComponent("scripts/tenant-export").path, [original.rawValue, "dpi", directory.path])
        #expect(await daemon.terminate() == 0)

        // Every tenant table (tenant_id leads the primary key) was exported but the derived ones
        // (sql/0014, rebuilt by the first report after the import), and nothing of rival's.
        let owner = try TestPostgres.connect(original)
        let tenantTables = try owner.query("""
            SELECT c.relname AS name FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
              JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p' AND k.conkey[1] = a.attnum
             WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
            """).rows.map { try $0.decode("name", as: String.self) }.filter { !$0.hasPrefix("report_") }
        let listed = try String(contentsOf: directory.appendingPathComponent("tables"), encoding: .utf8)
            .split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(Set(listed) == Set(tenantTables) && listed.count == tenantTables.count)
        #expect(tenantTables.count >= 14, "\(tenantTables)")
        #expect(listed.firstIndex(of: "event")! < listed.firstIndex(of: "registration")!, "parents before children")
        #expect(listed.firstIndex(of: "person")! < listed.firstIndex(of: "attendance")!, "parents before children")
        var exportedRows = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".csv") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            exportedRows += text.split(separator: "\n").count - 1
            #expect(!text.contains(rivalID.uuidString.lowercased()), "\(file) holds none of rival's rows")
            #expect(!text.contains(Self.rivalEvent) && !Self.rivalNames.contains(where: text.contains), "\(file) names nothing of rival's")
        }
        #expect(exportedRows > 26 * 3, "registrations, people and attendance were exported (\(exportedRows) rows)")

        // A fresh database owned by an ordinary role (row-level security applies to it), migrated
        // by a daemon, takes the tenant and reports the same numbers.
        let fresh = try TestPostgres.createDatabase(prefix: "tenant_restored")
        let ownerRole = try Self.role("owner", grants: ["GRANT trainingd_app TO $ROLE",
                                                    "ALTER DATABASE \(fresh.explicitOptions["dbname"]!) OWNER TO $ROLE"], database: fresh)
        let second = try await TestDaemon.start(database: ownerRole)
        _ = try await Self.run(InstallScript.repository.appendingPathComponent("scripts/tenant-import").path, [ownerRole.rawValue, directory.path])
        let imported = try await Self.numbers(second, tenant: "dpi")
        #expect(imported == before, "differs in \(before.keys.filter { imported[$0] != before[$0] }): \(imported)")
        let tenants = try await second.call("io.trainingd.System.ListTenants")
        #expect(tenants["tenants"]?.arrayValue?.compactMap { $0["slug"]?.stringValue } == ["dpi"])
        // New rows after the import: identity numbers continue past the imported ones.
        _ = try await Self.ctl(second, ["--tenant", "dpi", "register", Self.gulcho, "--name", "Абдыкадыров Эрлан", "--sex", "male",
                                        "--category", "council_deputy", "--municipality", "41706207811000"])
        let after = try await Self.numbers(second, tenant: "dpi")
        #expect(after["statistics \(Self.gulcho)"]?["registered"] == .int(27))
        #expect(await second.terminate() == 0)
    }
}
