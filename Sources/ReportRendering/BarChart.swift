/// A horizontal bar chart drawn as inline SVG: one bar per row, each bar one or more stacked
/// segments, the numbers written as `<text>` (inside segments wide enough, and after the bar),
/// a legend on top. No script, no external reference: it renders wherever the HTML file is
/// opened, prints, and can be checked by reading the file.
///
/// Structure (what tests and stylesheets rely on): `<svg id=… class="chart">`, a
/// `<g class="bar">` per bar holding `<rect class="seg CLASS">` per non-empty segment.
public struct BarChart: Sendable {
    public struct Segment: Sendable {
        /// CSS class and key of the legend entry (e.g. "women").
        public var series: String
        public var value: Double
        /// Written inside the segment when it is wide enough.
        public var text: String

        public init(series: String, value: Double, text: String) {
            self.series = series
            self.value = value
            self.text = text
        }
    }

    public struct Bar: Sendable {
        public var label: String
        public var segments: [Segment]
        /// Written after the bar: the total, a percentage.
        public var trailing: String

        public init(label: String, segments: [Segment], trailing: String) {
            self.label = label
            self.segments = segments
            self.trailing = trailing
        }
    }

    public struct Series: Sendable {
        public var name: String
        public var label: String
        public var color: String

        public init(name: String, label: String, color: String) {
            self.name = name
            self.label = label
            self.color = color
        }
    }

    public var id: String
    public var title: String
    public var series: [Series]
    public var bars: [Bar]
    /// The value of a full-width bar (the largest total, or 1 for shares).
    public var scale: Double
    public var emptyText: String

    public init(id: String, title: String, series: [Series], bars: [Bar], scale: Double, emptyText: String) {
        self.id = id
        self.title = title
        self.series = series
        self.bars = bars
        self.scale = scale
        self.emptyText = emptyText
    }

    static let width = 960.0
    static let labelWidth = 250.0
    static let trailingWidth = 150.0
    static let barHeight = 26.0
    static let gap = 10.0
    static let top = 40.0
    static let labelLimit = 34

    /// The `<svg>` element.
    public func svg() -> String {
        let rows = max(bars.count, 1)
        let height = Self.top + Double(rows) * (Self.barHeight + Self.gap) + Self.gap
        var svg = "<svg id=\"\(HTMLText.escape(id))\" class=\"chart\" role=\"img\" width=\"\(Self.number(Self.width))\" "
            + "height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(Self.width)) \(Self.number(height))\" "
            + "font-family=\"sans-serif\" font-size=\"13\">\n"
        svg += "<title>\(HTMLText.escape(title))</title>\n" + legend()
        if bars.isEmpty {
            svg += "<text class=\"empty\" x=\"\(Self.number(Self.labelWidth))\" y=\"\(Self.number(Self.top + Self.barHeight * 0.7))\">"
                + "\(HTMLText.escape(emptyText))</text>\n"
        }
        for (index, bar) in bars.enumerated() {
            svg += self.bar(bar, y: Self.top + Double(index) * (Self.barHeight + Self.gap))
        }
        return svg + "</svg>\n"
    }

    private func legend() -> String {
        var text = "<g class=\"legend\">\n"
        var x = Self.labelWidth
        for entry in series {
            text += "<rect class=\"swatch \(entry.name)\" x=\"\(Self.number(x))\" y=\"8\" width=\"14\" height=\"14\" fill=\"\(entry.color)\"/>"
                + "<text x=\"\(Self.number(x + 20))\" y=\"20\">\(HTMLText.escape(entry.label))</text>\n"
            x += 40 + Double(entry.label.count) * 7.5
        }
        return text + "</g>\n"
    }

    private func bar(_ bar: Bar, y: Double) -> String {
        let area = Self.width - Self.labelWidth - Self.trailingWidth
        let middle = Self.number(y + Self.barHeight / 2 + 4.5)
        var label = bar.label
        if label.count > Self.labelLimit { label = String(label.prefix(Self.labelLimit - 1)) + "…" }
        var text = "<g class=\"bar\">\n<title>\(HTMLText.escape(bar.label))</title>\n"
            + "<text class=\"label\" x=\"\(Self.number(Self.labelWidth - 8))\" y=\"\(middle)\" text-anchor=\"end\">\(HTMLText.escape(label))</text>\n"
        var x = Self.labelWidth
        for segment in bar.segments where segment.value > 0 {
            let width = scale > 0 ? area * min(segment.value, scale) / scale : 0
            let color = series.first { $0.name == segment.series }?.color ?? "#888888"
            text += "<rect class=\"seg \(segment.series)\" x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" "
                + "height=\"\(Self.number(Self.barHeight))\" fill=\"\(color)\"/>\n"
            if width >= Double(segment.text.count) * 8 + 6 {
                text += "<text class=\"value inside\" x=\"\(Self.number(x + width / 2))\" y=\"\(middle)\" text-anchor=\"middle\" "
                    + "fill=\"#ffffff\">\(HTMLText.escape(segment.text))</text>\n"
            }
            x += width
        }
        text += "<text class=\"value total\" x=\"\(Self.number(x + 8))\" y=\"\(middle)\">\(HTMLText.escape(bar.trailing))</text>\n"
        return text + "</g>\n"
    }

    /// A coordinate with at most one decimal, written the same in every locale.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
