/// Lays out a ``ReportTable`` for a terminal, the way trainingctl's TableFormatter does:
/// headers in capitals, columns two spaces apart, widths counted in Characters (so Cyrillic
/// lines up), control characters shown as spaces, no trailing blanks, no color. Numeric columns
/// are right-aligned so digits line up.
public enum TextTable {
    static let separator = "  "

    /// The table, one line per row after the header line, each ending in a newline.
    public static func render(_ table: ReportTable) -> String {
        let lines = [table.headers.map { $0.uppercased() }] + table.rows.map { $0.map(sanitize) }
        let widths = table.headers.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { line($0, widths: widths, numeric: table.numericColumns) }.joined()
    }

    /// `key  value` lines with the values aligned, each ending in a newline.
    public static func keyValues(_ pairs: [(key: String, value: String)]) -> String {
        let width = pairs.map(\.key.count).max() ?? 0
        return pairs.map { line([sanitize($0.key), sanitize($0.value)], widths: [width, 0], numeric: []) }.joined()
    }

    private static func line(_ cells: [String], widths: [Int], numeric: Set<Int>) -> String {
        var text = ""
        for (column, cell) in cells.enumerated() {
            if column > 0 { text += separator }
            let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
            text += numeric.contains(column) ? padding + cell : cell + padding
        }
        while text.last == " " { text.removeLast() }
        return text + "\n"
    }

    static func sanitize(_ cell: String) -> String {
        guard cell.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return cell }
        return String(String.UnicodeScalarView(cell.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
    }
}
