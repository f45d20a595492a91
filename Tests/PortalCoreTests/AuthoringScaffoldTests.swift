import Foundation
import XCTest
@testable import PortalCore

/// The pure parts of `portal new`: serials, quoting, the generated files.
final class AuthoringScaffoldTests: XCTestCase {
    private let categories = [Category(slug: "meetings", name: "部门会议"), Category(slug: "plans", name: "规划计划")]

    func testTheNextSerialIsOneMoreThanTheHighestOfThatYearOnly() {
        let used = [(year: 2021, serial: 3), (year: 2021, serial: 12), (year: 2022, serial: 40)]
        XCTAssertEqual(IndexNumberAllocator.nextSerial(year: 2021, used: used), 13)
        XCTAssertEqual(IndexNumberAllocator.nextSerial(year: 2023, used: used), 1)
    }

    func testSerialsAreFoundInRawTextOfFilesThatDoNotParse() {
        let text = "---\ntitle: 未完成\n  index_no: \"X/2021-00031\"  # 待审\nindex_no: 2021-000012\n---\n正文写着 2021-00099\n"
        let found = IndexNumberAllocator.serialsInRawText(text)
        XCTAssertEqual(found.map(\.year), [2021], "six digits are not a serial; body text is not an index_no line")
        XCTAssertEqual(found.map(\.serial), [31])
    }

    func testTitlesAreDoubleQuotedSoYAMLReadsThemBackExactly() throws {
        for title in ["通知: 第1次", "关于第 #1 号通知", "\"引号\" 和 \\ 反斜杠", "yes", "[会议]", "换\n行"] {
            let line = "title: \(YAMLScalar.doubleQuoted(title))"
            let config = SiteConfig(title: "t", agency: "a", baseURL: "https://x/", indexPrefix: "P", siteCode: "1", categories: categories)
            let text = "---\n\(line)\ndate: 2021-03-15\nindex_no: P/2021-00001\n---\n正文\n"
            let (item, problems) = ItemParser.parse(text: text, file: "x.md", category: "meetings", slug: "x",
                                                    folder: URL(fileURLWithPath: "/nonexistent"), config: config)
            XCTAssertEqual(item?.title, title, "\(line): \(problems)")
        }
        XCTAssertEqual(YAMLScalar.plainIfSafe("临淄区人力资源和社会保障局"), "临淄区人力资源和社会保障局")
        XCTAssertEqual(YAMLScalar.plainIfSafe("某局: 办公室"), "\"某局: 办公室\"")
        XCTAssertEqual(YAMLScalar.plainIfSafe("no"), "\"no\"")
    }

    func testTheStatisticsTemplateParsesWithoutAProblemAndHoldsTheCarryOver() throws {
        var counts = YearCounts(year: 2022, categories: categories)
        counts.add(category: "plans", date: PlainDate(iso: "2022-05-01")!)
        let template = StatisticsTemplate(year: 2022, carriedOver: [1, 0, 0, 0, 2, 0, 3], carriedOverFrom: 2021,
                                          inForce: [.regulations: 4], published: counts, categories: categories,
                                          countedOn: PlainDate(iso: "2023-01-05")!)
        let parsed = StatisticsParser.parse(template.text, file: "statistics.yaml", categories: categories)
        XCTAssertEqual(parsed.diagnostics, [])
        XCTAssertTrue(parsed.sourceMap.unreadable.isEmpty, "every row is present and readable")
        let statistics = try XCTUnwrap(parsed.statistics)
        XCTAssertEqual(ConsistencyRules.check(statistics, sourceMap: parsed.sourceMap, file: "statistics.yaml"), [],
                       "the balance 一 + 二 = 三（七）+ 四 holds as written")
        XCTAssertEqual(statistics.applications[.carriedOver].columns, [1, 0, 0, 0, 2, 0, 3])
        XCTAssertEqual(statistics.proactive!.regulations.inForce, 4)
        XCTAssertEqual(statistics.publishedItems, PublishedItems(total: 1, byCategory: ["meetings": 0, "plans": 1]))
        for row in ApplicationRow.allCases {
            XCTAssertTrue(template.text.contains("# \(row.group == nil ? row.reference : row.label)"), "\(row.key) carries its label")
        }
    }

    func testTheReportIndexHasTheWrittenSectionsAndNoGeneratedHeadings() {
        let text = ReportScaffold.indexText(title: "某局2022年政府信息公开工作年度报告", year: 2022,
                                            date: PlainDate(iso: "2023-01-05")!, publisher: "某局")
        let split = FrontMatter.split(text, file: "index.md")
        guard case .success(let frontMatter) = split else { return XCTFail("\(split)") }
        XCTAssertEqual(ReportNarrative.check(body: frontMatter.body, bodyLine: frontMatter.bodyLine, file: "index.md"), [],
                       "一、五、六 present; 二、三、四 not written as headings")
    }
}
