/// One self-contained HTML file: inline CSS, inline SVG, no script, no external reference
/// (no fonts, images or style sheets fetched), so it can be mailed, archived and opened offline.
public struct HTMLDocument: Sendable {
    public var title: String
    public var language: ReportLanguage
    /// Body parts, already HTML.
    public private(set) var body: [String] = []

    public init(title: String, language: ReportLanguage) {
        self.title = title
        self.language = language
    }

    public mutating func heading(_ text: String, level: Int = 2) {
        body.append("<h\(level)>\(HTMLText.escape(text))</h\(level)>\n")
    }

    public mutating func paragraph(_ text: String, cssClass: String? = nil) {
        let attribute = cssClass.map { " class=\"\(HTMLText.escape($0))\"" } ?? ""
        body.append("<p\(attribute)>\(HTMLText.escape(text))</p>\n")
    }

    public mutating func chart(_ chart: BarChart) {
        body.append("<figure>\n" + chart.svg() + "<figcaption>\(HTMLText.escape(chart.title))</figcaption>\n</figure>\n")
    }

    public mutating func table(_ table: ReportTable, caption: Bool = true) {
        var html = "<table>\n"
        if caption { html += "<caption>\(HTMLText.escape(table.title))</caption>\n" }
        html += "<thead><tr>" + table.headers.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (index, row) in table.rows.enumerated() {
            html += table.totalRows.contains(index) ? "<tr class=\"total\">" : "<tr>"
            for (column, cell) in row.enumerated() {
                html += table.numericColumns.contains(column) ? "<td class=\"num\">" : "<td>"
                html += HTMLText.escape(cell) + "</td>"
            }
            html += "</tr>\n"
        }
        body.append(html + "</tbody>\n</table>\n")
    }

    /// The parameters, computed_at and data_cursor of one reply, so the figures can be
    /// recomputed.
    public mutating func provenance(_ provenance: ReportProvenance, title: String, _ labels: ReportLabels) {
        var html = "<section class=\"provenance\">\n<h3>\(HTMLText.escape(title))</h3>\n<dl>\n"
        let pairs = provenance.parameters.map { ($0.name, $0.value) }
            + [("computed_at", provenance.computedAt), ("data_cursor", provenance.dataCursor)]
        for (name, value) in pairs {
            html += "<dt>\(HTMLText.escape(name))</dt><dd>\(HTMLText.escape(value))</dd>\n"
        }
        body.append(html + "</dl>\n</section>\n")
    }

    /// The whole file.
    public func render() -> String {
        "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>\(HTMLText.escape(title))</title>\n<style>\n\(Self.style)</style>\n</head>\n<body>\n"
            + "<h1>\(HTMLText.escape(title))</h1>\n" + body.joined() + "</body>\n</html>\n"
    }

    static let style = """
        body { font-family: sans-serif; color: #212121; margin: 24px auto; max-width: 1000px; padding: 0 16px; }
        h1 { font-size: 24px; margin-bottom: 4px; }
        h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        p.summary { font-size: 18px; font-weight: bold; }
        p.note { color: #555; font-size: 13px; }
        figure { margin: 12px 0; }
        figcaption { font-size: 12px; color: #555; }
        svg.chart { max-width: 100%; height: auto; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
        caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
        th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: bold; background: #fafafa; }
        section.provenance dl { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; font-size: 12px; }
        section.provenance dt { font-family: monospace; color: #555; }
        section.provenance dd { margin: 0; font-family: monospace; word-break: break-all; }

        """
}
