import Foundation
import XCTest
@testable import PortalCore

/// The SVG bar charts: accessible, escaped, proportional, deterministic.
final class StatisticsChartTests: XCTestCase {
    func chart(_ orientation: BarChart.Orientation, _ bars: [BarChart.Bar], scale: BarChart.Scale = .count,
               series: [String] = [""]) -> String {
        BarChart(id: "chart-test", title: "标题<&>", summary: "说明 \"引号\" & <b>", orientation: orientation,
                 series: series, bars: bars, scale: scale).svg()
    }

    func testEveryChartHasATitleAndDescriptionThatLabelIt() {
        let svg = chart(.columns, [.init(label: "1月", count: 3)])
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(svg.contains("role=\"img\""))
        XCTAssertTrue(svg.contains("aria-labelledby=\"chart-test-title chart-test-desc\""))
        XCTAssertTrue(svg.contains("<title id=\"chart-test-title\">标题&lt;&amp;&gt;</title>"))
        XCTAssertTrue(svg.contains("<desc id=\"chart-test-desc\">说明 &quot;引号&quot; &amp; &lt;b&gt;</desc>"))
        XCTAssertTrue(svg.contains("viewBox=\"0 0 360 "))
        XCTAssertTrue(svg.contains("width=\"100%\""))
        XCTAssertFalse(svg.contains("<script"))
    }

    func testLabelsAreEscaped() {
        for orientation in [BarChart.Orientation.rows, .columns] {
            let svg = chart(orientation, [.init(label: "<script>alert(1)</script>&", count: 1)], series: ["a<b", "c"])
            XCTAssertFalse(svg.contains("<script>"), "\(orientation)")
            XCTAssertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;"), "\(orientation)")
            XCTAssertTrue(svg.contains(">a&lt;b</text>"), "the legend: \(orientation)")
        }
    }

    /// The widths (rows) or heights (columns) of the bars, in order.
    func barSizes(_ svg: String, attribute: String) -> [Double] {
        svg.components(separatedBy: "<rect ").dropFirst().compactMap { rect in
            guard let range = rect.range(of: " \(attribute)=\"") else { return nil }
            return Double(rect[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    func testBarsAreProportionalAndZeroDrawsNoBarButItsNumber() {
        let rows = chart(.rows, [.init(label: "部门会议", count: 10), .init(label: "规划计划", count: 5), .init(label: "其他文件", count: 0)])
        let widths = barSizes(rows, attribute: "width")
        XCTAssertEqual(widths.count, 2)
        XCTAssertEqual(widths[1] / widths[0], 0.5, accuracy: 0.01)
        for text in [">10</text>", ">5</text>", ">0</text>", ">部门会议</text>", ">其他文件</text>"] {
            XCTAssertTrue(rows.contains(text), text)
        }
        let columns = chart(.columns, (1...12).map { .init(label: "\($0)月", count: $0) })
        let heights = barSizes(columns, attribute: "height")
        XCTAssertEqual(heights.count, 12)
        XCTAssertEqual(heights[11], 160, accuracy: 0.01, "the largest fills the plot")
        XCTAssertEqual(heights[5] / heights[11], 0.5, accuracy: 0.01)
        for month in 1...12 { XCTAssertTrue(columns.contains(">\(month)月</text>"), "every month is labelled") }
    }

    func testPercentagesUseTheFullScaleAndMissingFiguresShowADash() {
        let svg = chart(.columns, [.init(label: "2020", values: [nil]), .init(label: "2021", values: [50])], scale: .percent)
        XCTAssertEqual(barSizes(svg, attribute: "height"), [80])
        XCTAssertTrue(svg.contains(">—</text>"))
        XCTAssertTrue(svg.contains(">50%</text>"))
    }

    func testTwoSeriesGetALegendAndTwoColours() {
        let svg = chart(.columns, [.init(label: "2021", values: [4, 5])], series: ["行政复议", "行政诉讼"])
        XCTAssertTrue(svg.contains("chart-bar--1") && svg.contains("chart-bar--2"))
        XCTAssertTrue(svg.contains(">行政复议</text>") && svg.contains(">行政诉讼</text>"))
    }

    func testLongNamesGoAboveTheirBars() {
        let long = "这是一个名称特别特别特别长的栏目名称"
        let svg = chart(.rows, [.init(label: long, count: 3)])
        XCTAssertFalse(svg.contains("text-anchor=\"end\""), "not squeezed to the left of the bar")
        XCTAssertTrue(svg.contains(">\(long)</text>"))
    }

    func testTheSameChartIsTheSameBytes() {
        let bars: [BarChart.Bar] = (1...12).map { .init(label: "\($0)月", count: $0 * 7 % 5) }
        XCTAssertEqual(chart(.columns, bars), chart(.columns, bars))
        XCTAssertNil(chart(.columns, bars).range(of: "[0-9]e[-+]?[0-9]", options: .regularExpression),
                     "no exponent notation in coordinates")
    }
}
