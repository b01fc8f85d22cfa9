import ArgumentParser
import Foundation
import TrainingCore
import Varlink

/// `trainingctl import EVENT FILE.csv`: io.trainingd.Registrations.ImportRegistrations.
struct ImportCommand: DaemonCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a participant list (CSV) into an event: match or create each person, register them.",
        discussion: """
            The file is UTF-8 (with or without BOM), separated by commas, semicolons (what Excel \
            writes in a Russian locale) or tabs, with a header line naming the columns; values \
            may be quoted. Columns (other names accepted in brackets; case and spaces ignored):
              full_name       (name, ФИО, аты-жөнү)     required unless person_id is given
              sex             (gender, пол, жынысы)     female, male or not_recorded; also
                                                        ж/м, жен/муж, аял/эркек, f/m
              birth_year      (год рождения, туулган жылы)
              disability      (инвалидность, ОВЗ)       yes/no, да/нет, ооба/жок
              category        (категория)               aiyl_okmotu_head, aiyl_okmotu_deputy_head,
                                                        responsible_secretary, aiyl_okmotu_specialist,
                                                        council_chair, council_deputy,
                                                        initiative_group_member, jmeg_member, other
              municipality    (муниципалитет, айыл аймак) 14-digit SOATE code, or a name that
                                                        finds exactly one municipality
              phone           (телефон)
              status          (статус)                  registered (default), waitlisted, cancelled
              person_id       (id)                      an existing person instead of the fields
              allow_duplicate                           yes: create the person even if a likely
                                                        duplicate exists
            Other columns are ignored (with a note on stderr). The whole file is checked first: \
            invalid UTF-8 or an unknown value stops the import naming every bad line, and \
            nothing is sent. Rows go to the daemon in as few calls as its message size and row \
            limits allow, each call one transaction with its own idempotency key: by default \
            derived from the event and the file's SHA-256, so running the same file again \
            changes nothing and prints the stored outcome. Each call after the first continues \
            the one before it: it is sent ahead, so the daemon prepares it meanwhile, and it is \
            refused if the one before did not commit, so later rows never take seats ahead of \
            earlier ones. A progress bar is drawn on stderr \
            when it is a terminal.

            The table shows each data line's outcome: created (new person registered), \
            matched (existing person registered, or already registered), waitlisted, or \
            rejected with the field and the reason. Exit status 65 when any line was rejected.
            May call: registrar.

            Example:
              trainingctl import OSH-2019-04-GULCHO gulcho-participants.csv
              trainingctl import OSH-2019-04-GULCHO list.csv --key gulcho-list-v2 --dry-run
            """)

    @OptionGroup var globals: GlobalOptions
    @Argument(help: ArgumentHelp("Event code or uuid.", valueName: "event")) var event: String
    @Argument(help: ArgumentHelp("The CSV file.", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("Idempotency key, 1 to 100 printable ASCII characters (default: from the file's content).", valueName: "key"))
    var key: String?
    @Flag(help: "Match and validate only; commit nothing.") var dryRun = false
    @Flag(help: "Commit nothing if any row of a call is rejected.") var allOrNothing = false
    @Flag(help: "Create new persons even where likely duplicates exist.") var allowDuplicates = false

    func execute(_ daemon: DaemonConnection, _ printer: ReplyPrinter) async throws(CtlError) {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw CtlError.usage("cannot read \(file): \((error as NSError).localizedDescription)")
        }
        let csv = try ParticipantCSV.read(bytes, file: file)
        if !csv.ignored.isEmpty {
            StandardError.writeLine("trainingctl: \(file): ignoring column(s) \(csv.ignored.map { "'\($0)'" }.joined(separator: ", "))")
        }
        guard !csv.records.isEmpty else { throw CtlError("\(file): no data lines after the header", exitStatus: .dataError) }
        let rows = try await ImportRows.build(csv, file: file, daemon: daemon, allowDuplicates: allowDuplicates)

        let status = try await daemon.call("io.trainingd.System.Status")
        let maxBytes = Int(status["limits"]?["max_message_bytes"]?.intValue ?? 1_048_576)
        // Replies run to about 200 bytes a row and the client takes replies up to 16 MiB.
        let maxRows = min(Int(status["limits"]?["max_import_rows"]?.intValue ?? 10_000), 40_000)
        let chunks = ImportRows.chunks(rows, maxBytes: maxBytes, maxRows: maxRows)
        let baseKey = key ?? "csv:" + String(SHA256.hex(Array(event.utf8) + [0x0A] + bytes).prefix(40))

        let keys = chunks.map { chunk in
            chunks.count == 1 ? baseKey : "\(baseKey):\(chunk.first?["row"].displayText ?? "?")-\(chunk.last?["row"].displayText ?? "?")"
        }
        // A part of a committing import continues the one before it (`after`): sent pipelined on
        // one connection, it is prepared while that part is written, and it is refused if that
        // part did not commit, so no row takes a seat ahead of an earlier row.
        let continues = !dryRun && !allOrNothing
        let calls = chunks.indices.map { index in
            var parameters: JSONObject = ["event": .string(event), "rows": .array(chunks[index]), "idempotency_key": .string(keys[index])]
            if dryRun { parameters["dry_run"] = true }
            if allOrNothing { parameters["all_or_nothing"] = true }
            if continues && index > 0 { parameters["after"] = .string(keys[index - 1]) }
            return tenantScoped(parameters)
        }

        let progress = ProgressBar(total: rows.count, label: "importing")
        var sent = 0
        var replies: [JSONObject] = []
        progress.show(0)
        do throws(CtlError) {
            try await daemon.pipelineParticipants("io.trainingd.Registrations.ImportRegistrations", calls, depth: continues ? 2 : 1) { reply in
                replies.append(reply)
                sent += chunks[replies.count - 1].count
                progress.show(sent)
            }
        } catch {
            progress.finish()
            let committed = replies.allSatisfy { $0["committed"]?.boolValue == true }
            throw Self.partly(error, imported: committed ? chunks.prefix(replies.count) : [])
        }
        progress.finish()

        let names = Dictionary(csv.records.map { ($0.line, $0.values[.fullName] ?? $0.values[.personID] ?? "-") }, uniquingKeysWith: { a, _ in a })
        let outcome = ImportOutcomeReport(replies: replies)
        printer.emit(outcome.combined) { _ in outcome.table(names: names) }
        if outcome.rejected > 0 { throw CtlError("\(outcome.rejected) of \(rows.count) rows rejected", exitStatus: .dataError) }
    }

    /// A failed call after others succeeded: say which lines those calls imported, so nobody
    /// has to guess whether the file went in. The calls after a failed one are refused.
    static func partly(_ error: CtlError, imported calls: ArraySlice<[JSONValue]>) -> CtlError {
        guard let first = calls.first?.first?["row"].displayText, let last = calls.last?.last?["row"].displayText else {
            return error
        }
        return CtlError("\(error.message)\nlines \(first)-\(last) were imported by the calls before the failed one; the lines after them were not",
                        exitStatus: error.exitStatus)
    }
}
