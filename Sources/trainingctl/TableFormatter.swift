/// Lays out human output: aligned columns under headers, or `key  value` lines.
///
/// Widths are counted in Characters, not bytes, so Cyrillic (two UTF-8 bytes a letter) and
/// other non-ASCII names line up. Control characters in values are shown as spaces so that a
/// stray newline cannot break the layout. Lines carry no trailing blanks and no color.
struct TableFormatter {
    /// The gap between columns.
    static let separator = "  "

    let headers: [String]
    private(set) var rows: [[String]] = []

    init(headers: [String]) {
        self.headers = headers
    }

    /// Adds a row; missing trailing cells are blank, extra cells are dropped.
    mutating func append(_ row: [String]) {
        let cells = row.prefix(headers.count).map(Self.sanitize)
        rows.append(cells + Array(repeating: "", count: headers.count - cells.count))
    }

    /// The table, one line per row after the header line, each ending in a newline.
    func render() -> String {
        let lines = [headers] + rows
        let widths = headers.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { Self.line($0, widths: widths) }.joined()
    }

    /// `key  value` lines with the values aligned, each ending in a newline.
    static func keyValues(_ pairs: [(key: String, value: String)]) -> String {
        let width = pairs.map(\.key.count).max() ?? 0
        return pairs.map { line([$0.key, sanitize($0.value)], widths: [width, 0]) }.joined()
    }

    private static func line(_ cells: [String], widths: [Int]) -> String {
        var text = ""
        for (column, cell) in cells.enumerated() {
            if column > 0 { text += separator }
            text += cell
            if column < cells.count - 1 {
                text += String(repeating: " ", count: max(0, widths[column] - cell.count))
            }
        }
        while text.last == " " { text.removeLast() }
        return text + "\n"
    }

    private static func sanitize(_ cell: String) -> String {
        // Printable ASCII has no control character: skip the per-scalar category lookup.
        if cell.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { return cell }
        guard cell.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return cell }
        return String(String.UnicodeScalarView(cell.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
    }
}
