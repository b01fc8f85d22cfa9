import ArgumentParser
import ReportRendering

/// The output format of a report.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case table, csv, json, html
}

/// `--lang`: the language of a report's labels.
enum ReportLanguageArgument: String, CaseIterable, ExpressibleByArgument, Sendable {
    case en, ru, ky

    var language: ReportLanguage { ReportLanguage(rawValue: rawValue) ?? .en }
}

/// How and where every report command writes: --format, --bom, --lang, --output.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("table (default), csv, json (the reply as is) or html (one self-contained file).", valueName: "format"))
    var format: ReportFormat?

    @Flag(help: "Start CSV with a UTF-8 byte order mark, so Excel reads Cyrillic names correctly.")
    var bom = false

    @Option(help: ArgumentHelp("Language of the labels: en (default), ru or ky. Place names fall back to Russian.", valueName: "lang"))
    var lang: ReportLanguageArgument = .en

    @Option(help: ArgumentHelp("Write to this file instead of stdout (HTML is never written to a terminal).", valueName: "file"))
    var output: String?

    /// `--format`, or json when only the global `--json` is given.
    func effectiveFormat(json: Bool) throws -> ReportFormat {
        if json, let format, format != .json { throw ValidationError("--json and --format \(format.rawValue) disagree: give one") }
        return format ?? (json ? .json : .table)
    }

    func check(json: Bool) throws {
        let format = try effectiveFormat(json: json)
        if bom && format != .csv { throw ValidationError("--bom applies to --format csv only") }
        if let output, output.isEmpty { throw ValidationError("--output: give a file name") }
    }

    var labels: ReportLabels { ReportLabels(lang.language) }
}
