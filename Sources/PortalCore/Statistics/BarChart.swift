import Foundation

/// A bar chart drawn at build time as inline SVG: no JavaScript, readable without CSS, scaled to
/// the width of its container (a `viewBox` and `width="100%"`), with a `<title>` and a `<desc>`
/// that screen readers announce (`role="img"`, `aria-labelledby`). The page shows the same numbers
/// in a table beside it.
///
/// The drawing is narrow (360 units by default) on purpose: on a phone it is shown at nearly its
/// own size, so its 12–13 unit text stays legible, and the stylesheet caps its width on a desktop.
///
/// Every text placed in the SVG — labels, series names, title, description — is escaped here;
/// the result is inserted into the page unescaped (`{{{…}}}`).
public struct BarChart: Sendable {
    /// `columns`: vertical bars along a time axis (months, years). `rows`: horizontal bars, one per
    /// category, the long Chinese names beside or above them.
    public enum Orientation: Sendable {
        case columns
        case rows
    }

    /// How values are scaled and labelled.
    public enum Scale: Sendable {
        /// Whole numbers, scaled to the largest.
        case count
        /// 0–100, always on the full scale, labelled `87.5%`.
        case percent
    }

    /// One bar, or one group of bars when the chart has several series.
    public struct Bar: Sendable {
        public let label: String
        /// One value per series; nil for “no figure” (drawn as `—`).
        public let values: [Double?]

        public init(label: String, values: [Double?]) {
            self.label = label
            self.values = values
        }

        public init(label: String, count: Int) {
            self.init(label: label, values: [Double(count)])
        }
    }

    /// Unique within the page: the ids of the title and description derive from it.
    public var id: String
    public var title: String
    /// What the chart shows, in words (read by screen readers): ideally every figure.
    public var summary: String
    public var orientation: Orientation
    /// Series names; a legend is drawn when there is more than one.
    public var series: [String]
    public var bars: [Bar]
    public var scale: Scale
    /// Width of the drawing in SVG units.
    public var width: Double
    /// Height of the bars' area in a `columns` chart.
    public var plotHeight: Double

    public init(id: String, title: String, summary: String, orientation: Orientation, series: [String] = [""],
                bars: [Bar], scale: Scale = .count, width: Double = 360, plotHeight: Double = 160) {
        self.id = id
        self.title = title
        self.summary = summary
        self.orientation = orientation
        self.series = series.isEmpty ? [""] : series
        self.bars = bars
        self.scale = scale
        self.width = width
        self.plotHeight = plotHeight
    }

    /// Bar fills by series; CSS (`.chart-bar--1` …) may override them. Dark blue then orange differ
    /// in lightness as well as hue, so they stay apart in a grey print too.
    static let palette = ["#0b4a8b", "#c0570f", "#2f7d32", "#6a3d9a"]
    static let textColor = "#1f2329"
    static let axisColor = "#8a94a6"
    static let labelFont = 13.0
    static let valueFont = 13.0
    static let padding = 4.0

    /// The `<svg>` element.
    public func svg() -> String {
        var body = ""
        let height: Double
        switch orientation {
        case .rows: height = drawRows(into: &body)
        case .columns: height = drawColumns(into: &body)
        }
        let titleID = "\(id)-title", descID = "\(id)-desc"
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart--\(orientation == .rows ? "rows" : "columns")\""
        svg += " id=\"\(Self.escape(id))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" width=\"100%\""
        svg += " role=\"img\" aria-labelledby=\"\(Self.escape(titleID)) \(Self.escape(descID))\" focusable=\"false\">"
        svg += "<title id=\"\(Self.escape(titleID))\">\(Self.escape(title))</title>"
        svg += "<desc id=\"\(Self.escape(descID))\">\(Self.escape(summary))</desc>"
        svg += body
        svg += "</svg>"
        return svg
    }

    // MARK: Layouts

    /// Horizontal bars. Returns the drawing's height.
    private func drawRows(into svg: inout String) -> Double {
        let pad = Self.padding
        var top = drawLegend(into: &svg, top: pad)
        let valueRoom = (allValueTexts.map { Self.textWidth($0, fontSize: Self.valueFont) }.max() ?? 0) + 8
        let longestLabel = bars.map { Self.textWidth($0.label, fontSize: Self.labelFont) }.max() ?? 0
        // Names go left of the bars when they leave the bars room; long names go above them.
        let labelsBeside = longestLabel + 10 <= width * 0.42
        let x0 = labelsBeside ? pad + longestLabel + 8 : pad
        let plotWidth = max(width - x0 - valueRoom - pad, 20)
        let barHeight = 16.0, barGap = 2.0, groupGap = labelsBeside ? 8.0 : 10.0
        let groupHeight = Double(series.count) * barHeight + Double(series.count - 1) * barGap
        let maximum = scaleMaximum
        let plotTop = top

        for bar in bars {
            if !labelsBeside {
                svg += text(bar.label, x: pad, y: top + Self.labelFont, size: Self.labelFont)
                top += Self.labelFont + 5
            } else {
                let rowHeight = max(groupHeight, Self.labelFont + 5)
                svg += text(bar.label, x: x0 - 6, y: top + rowHeight / 2 + Self.labelFont * 0.35, size: Self.labelFont, anchor: "end")
            }
            var y = top + (labelsBeside ? max(0, (Self.labelFont + 5 - groupHeight) / 2) : 0)
            for (index, value) in bar.values.enumerated() {
                let length = value.map { barLength($0, maximum: maximum, extent: plotWidth) } ?? 0
                if length > 0 {
                    svg += rect(x: x0, y: y, width: length, height: barHeight, series: index)
                }
                svg += text(valueText(value), x: x0 + length + 4, y: y + barHeight / 2 + Self.valueFont * 0.35, size: Self.valueFont)
                y += barHeight + barGap
            }
            top += (labelsBeside ? max(groupHeight, Self.labelFont + 5) : groupHeight) + groupGap
        }
        let bottom = top - groupGap + pad
        svg += "<line class=\"chart-axis\" x1=\"\(Self.number(x0))\" y1=\"\(Self.number(plotTop - 2))\" x2=\"\(Self.number(x0))\" y2=\"\(Self.number(bottom - pad + 2))\" stroke=\"\(Self.axisColor)\" stroke-width=\"1\"/>"
        return bottom + pad
    }

    /// Vertical bars on a baseline, labels below, values above. Returns the drawing's height.
    private func drawColumns(into svg: inout String) -> Double {
        let pad = Self.padding
        let legendBottom = drawLegend(into: &svg, top: pad)
        let plotTop = legendBottom + Self.valueFont + 6
        let baseline = plotTop + plotHeight
        let count = max(bars.count, 1)
        let slot = (width - 2 * pad) / Double(count)
        let groupWidth = min(slot * 0.72, 40 * Double(series.count))
        let barWidth = groupWidth / Double(series.count)

        // Labels shrink, then thin out, rather than overlap.
        var labelFont = 12.0
        let widestLabel = { (size: Double) in bars.map { Self.textWidth($0.label, fontSize: size) }.max() ?? 0 }
        if widestLabel(labelFont) > slot - 2 { labelFont = 10 }
        let labelEvery = max(1, Int((widestLabel(labelFont) / (slot - 2)).rounded(.up)))
        // Values are left to the table when they would not fit above their bars.
        let widestValue = allValueTexts.map { Self.textWidth($0, fontSize: Self.valueFont - 1) }.max() ?? 0
        let showValues = widestValue <= (series.count == 1 ? slot - 2 : barWidth + 2)

        let maximum = scaleMaximum
        for (position, bar) in bars.enumerated() {
            let center = pad + slot * (Double(position) + 0.5)
            var x = center - groupWidth / 2
            for (index, value) in bar.values.enumerated() {
                let length = value.map { barLength($0, maximum: maximum, extent: plotHeight) } ?? 0
                if length > 0 {
                    svg += rect(x: x, y: baseline - length, width: barWidth, height: length, series: index)
                }
                if showValues {
                    svg += text(valueText(value), x: x + barWidth / 2, y: baseline - length - 4,
                                size: Self.valueFont - 1, anchor: "middle")
                }
                x += barWidth
            }
            if position % labelEvery == 0 {
                svg += text(bar.label, x: center, y: baseline + 4 + labelFont, size: labelFont, anchor: "middle")
            }
        }
        svg += "<line class=\"chart-axis\" x1=\"\(Self.number(pad))\" y1=\"\(Self.number(baseline))\" x2=\"\(Self.number(width - pad))\" y2=\"\(Self.number(baseline))\" stroke=\"\(Self.axisColor)\" stroke-width=\"1\"/>"
        return baseline + 4 + labelFont + 6
    }

    /// A row of coloured squares with the series names, when there are several series. Returns
    /// the y below it.
    private func drawLegend(into svg: inout String, top: Double) -> Double {
        guard series.count > 1 else { return top }
        var x = Self.padding
        for (index, name) in series.enumerated() {
            svg += rect(x: x, y: top + 2, width: 11, height: 11, series: index)
            svg += text(name, x: x + 15, y: top + 12, size: Self.labelFont - 1)
            x += 15 + Self.textWidth(name, fontSize: Self.labelFont - 1) + 14
        }
        return top + 20
    }

    // MARK: Pieces

    private var scaleMaximum: Double {
        switch scale {
        case .percent: return 100
        case .count:
            let largest = bars.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
            return largest > 0 ? largest : 1
        }
    }

    private var allValueTexts: [String] {
        bars.flatMap { $0.values.map(valueText) }
    }

    /// A bar's length; a non-zero value always shows at least a sliver.
    private func barLength(_ value: Double, maximum: Double, extent: Double) -> Double {
        guard value > 0 else { return 0 }
        return max(1, min(value, maximum) / maximum * extent)
    }

    private func valueText(_ value: Double?) -> String {
        guard let value else { return "—" }
        switch scale {
        case .count: return String(Int(value.rounded()))
        case .percent: return ReportFigures.percent(value)
        }
    }

    private func rect(x: Double, y: Double, width: Double, height: Double, series index: Int) -> String {
        let fill = Self.palette[index % Self.palette.count]
        return "<rect class=\"chart-bar chart-bar--\(index + 1)\" x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"\(fill)\"/>"
    }

    private func text(_ content: String, x: Double, y: Double, size: Double, anchor: String? = nil) -> String {
        var element = "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" fill=\"\(Self.textColor)\""
        if let anchor { element += " text-anchor=\"\(anchor)\"" }
        return element + ">\(Self.escape(content))</text>"
    }

    // MARK: Helpers

    /// Escapes text for SVG content and attribute values (the one XML escaping of the site).
    public static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// A coordinate with at most one decimal, so the same chart is always the same bytes.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// A rough width of `text` at `fontSize`: CJK characters are square, Latin letters and digits
    /// about six tenths of the size. Enough to lay out labels without a font at build time.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            ems += scalar.value >= 0x2E80 ? 1.0 : 0.62
        }
        return ems * fontSize
    }
}
