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
    /// Each cell's width in Characters, counted once when it is added.
    private var widths: [[Int]] = []

    init(headers: [String]) {
        self.headers = headers
    }

    /// Adds a row; missing trailing cells are blank, extra cells are dropped.
    mutating func append(_ row: [String]) {
        let cells = row.prefix(headers.count).map(Self.sanitize)
        let row = cells + Array(repeating: "", count: headers.count - cells.count)
        rows.append(row)
        widths.append(row.map(Self.width))
    }

    /// The table, one line per row after the header line, each ending in a newline.
    ///
    /// Written into one byte buffer, each cell's width counted once: an import prints a line per
    /// participant.
    func render() -> String {
        let headerWidths = headers.map(Self.width)
        let columns = headers.indices.map { column in widths.reduce(headerWidths[column]) { max($0, $1[column]) } }
        var out: [UInt8] = []
        out.reserveCapacity((columns.reduce(0, +) + 2 * columns.count + 1) * (rows.count + 1))
        Self.line(headers, headerWidths, columns: columns, into: &out)
        for (row, rowWidths) in zip(rows, widths) { Self.line(row, rowWidths, columns: columns, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `key  value` lines with the values aligned, each ending in a newline.
    static func keyValues(_ pairs: [(key: String, value: String)]) -> String {
        let width = pairs.map(\.key.count).max() ?? 0
        return pairs.map { line([$0.key, sanitize($0.value)], widths: [width, 0]) }.joined()
    }

    private static func line(_ cells: [String], widths: [Int]) -> String {
        var out: [UInt8] = []
        line(cells, cells.map(width), columns: widths, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the cells padded to their columns' widths (the last one unpadded), without
    /// trailing blanks, and a newline.
    private static func line(_ cells: [String], _ cellWidths: [Int], columns: [Int], into out: inout [UInt8]) {
        let start = out.count
        for (column, cell) in cells.enumerated() {
            if column > 0 { out.append(contentsOf: separator.utf8) }
            out.append(contentsOf: cell.utf8)
            if column < cells.count - 1 {
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(0, columns[column] - cellWidths[column])))
            }
        }
        while out.count > start, out[out.count - 1] == UInt8(ascii: " ") { out.removeLast() }
        out.append(UInt8(ascii: "\n"))
    }

    /// Columns are counted in Characters; printable ASCII is one byte a Character.
    private static func width(_ cell: String) -> Int {
        cell.utf8.allSatisfy { $0 < 0x80 } ? cell.utf8.count : cell.count
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
