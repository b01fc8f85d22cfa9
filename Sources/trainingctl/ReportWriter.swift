import Foundation
import ReportRendering
import Varlink

/// Writes a rendered report to `--output` or stdout.
///
/// Why refuse HTML on a terminal: a page of markup is never what someone at a terminal wants
/// to read, and it usually means `--output` was forgotten.
struct ReportWriter {
    let output: String?

    func write(_ bytes: [UInt8], isHTML: Bool = false) throws(CtlError) {
        guard let output else {
            if isHTML && isatty(STDOUT_FILENO) == 1 {
                throw .usage("HTML is not printed to a terminal: give --output FILE or redirect stdout")
            }
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw .usage("--output: cannot write \(output): \(error.localizedDescription)")
        }
    }

    func write(_ text: String, isHTML: Bool = false) throws(CtlError) {
        try write(Array(text.utf8), isHTML: isHTML)
    }

    /// Renders `reply` in `format`: JSON as is, the others from the decoded report.
    func emit<Report>(_ reply: JSONObject, format: ReportFormat, decode: (JSONValue) throws(ReportDecodingError) -> Report,
                      table: (Report) -> String, csv: (Report) -> [UInt8], html: (Report) -> String) throws(CtlError) {
        if format == .json { return try write(PrettyJSON.render(.object(reply))) }
        let report: Report
        do { report = try decode(.object(reply)) } catch { throw CtlError(error.description, exitStatus: .unavailable) }
        switch format {
        case .table: try write(table(report))
        case .csv: try write(csv(report))
        case .html: try write(html(report), isHTML: true)
        case .json: break
        }
    }
}
