/// Writes report tables as CSV (RFC 4180): comma-separated, CRLF line ends, a field quoted
/// when it holds a comma, a quote, CR or LF (quotes doubled), UTF-8, optionally with a BOM.
///
/// Layout: each table is a header row and its rows; tables are separated by one empty line;
/// after them, one empty line and the provenance as `parameter,value` rows (the effective
/// parameters, computed_at, data_cursor). Why at the end and not before: the first table then
/// starts on line 1, so Excel's filters and pivot tables, `csvkit` or pandas
/// (`nrows=`/`skipfooter=`) read it without skipping anything, while the numbers still carry
/// the parameters that reproduce them. No `sep=` line: Excel ignores the BOM when it sees one,
/// and Cyrillic names would break.
public enum CSVDocument {
    /// The UTF-8 byte order mark Excel needs to read a CSV file as UTF-8.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The document's bytes.
    public static func render(_ tables: [ReportTable], provenance: [ReportProvenance], labels: ReportLabels, bom: Bool) -> [UInt8] {
        var sections = tables.map { table in ([table.headers] + table.rows).map(line).joined() }
        if !provenance.isEmpty { sections.append(trailer(provenance, labels)) }
        return (bom ? byteOrderMark : []) + Array(sections.joined(separator: "\r\n").utf8)
    }

    private static func trailer(_ provenance: [ReportProvenance], _ labels: ReportLabels) -> String {
        var trailer = line([labels["column.parameter"], labels["column.value"]])
        for source in provenance {
            for parameter in source.parameters { trailer += line([parameter.name, parameter.value]) }
            trailer += line(["computed_at", source.computedAt])
            trailer += line(["data_cursor", source.dataCursor])
        }
        return trailer
    }

    /// One record, ending in CRLF.
    static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    /// A field, quoted when RFC 4180 requires it. A field starting with `=`, `+`, `@` or a tab
    /// (only names and titles can) gets a leading `'` so a spreadsheet shows it as text rather
    /// than running it as a formula (CSV injection).
    public static func quote(_ field: String) -> String {
        var field = field
        if let first = field.first, ["=", "+", "@", "\t"].contains(first) { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
