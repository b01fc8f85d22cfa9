/// One table of a report, independent of the output format: a title, column headers and rows
/// of cells already written out in the report's language.
public struct ReportTable: Sendable, Equatable {
    public var title: String
    public var headers: [String]
    public var rows: [[String]]
    /// Columns holding numbers: right-aligned in the text table and in HTML.
    public var numericColumns: Set<Int>
    /// Rows that are totals (emphasised in HTML).
    public var totalRows: Set<Int>

    public init(title: String, headers: [String], rows: [[String]] = [], numericColumns: Set<Int> = [], totalRows: Set<Int> = []) {
        self.title = title
        self.headers = headers
        self.rows = rows
        self.numericColumns = numericColumns
        self.totalRows = totalRows
    }

    /// Adds a row, padded with blanks or cut to the number of headers.
    public mutating func append(_ cells: [String], total: Bool = false) {
        if total { totalRows.insert(rows.count) }
        rows.append(Array(cells.prefix(headers.count)) + Array(repeating: "", count: max(0, headers.count - cells.count)))
    }
}
