import XCTest
@testable import PortalCore

final class SiteConfigTests: XCTestCase {
    static let valid = """
    title: 测试局政府信息公开
    agency: 测试局
    base_url: https://example.gov.cn
    index_prefix: 11370305MB2859012X
    site_code: "3703050013"
    page_size: 5
    categories:
      - { slug: meetings, name: 部门会议 }
      - { slug: plans, name: 规划计划 }
    """

    func testParsesTheContractExample() throws {
        let config = try SiteConfig.parse(Self.valid).get()
        XCTAssertEqual(config.title, "测试局政府信息公开")
        XCTAssertEqual(config.baseURL, "https://example.gov.cn/")
        XCTAssertEqual(config.siteCode, "3703050013")
        XCTAssertEqual(config.pageSize, 5)
        XCTAssertEqual(config.categories.map(\.slug), ["meetings", "plans"])
        XCTAssertEqual(config.categories.map(\.name), ["部门会议", "规划计划"])
    }

    func testEveryProblemIsReportedTogether() {
        let text = """
        title: 测试
        base_url: example.gov.cn
        index_prefx: 11370305MB2859012X
        site_code: "1"
        categories:
          - { slug: meetings, name: 部门会议 }
          - { slug: meetings, name: 会议 }
          - { slug: search, name: 搜索 }
        """
        guard case .failure(let error) = SiteConfig.parse(text) else { return XCTFail("expected failure") }
        let english = error.diagnostics.map(\.message.en).joined(separator: "\n")
        XCTAssertTrue(english.contains("`agency` is missing"), english)
        XCTAssertTrue(english.contains("`index_prefix` is missing"), english)
        XCTAssertTrue(english.contains("unknown key `index_prefx`"), english)
        XCTAssertTrue(english.contains("must start with https://"), english)
        XCTAssertTrue(english.contains("listed twice"), english)
        XCTAssertTrue(english.contains("reserved path"), english)
        let unknown = error.diagnostics.first { $0.message.en.contains("index_prefx") }
        XCTAssertEqual(unknown?.line, 3)
        XCTAssertEqual(unknown?.hint?.en, "Did you mean `index_prefix`?")
    }

    func testYamlSyntaxErrorNamesTheLine() {
        let text = "title: a\nagency: [unclosed\nbase_url: x\n"
        guard case .failure(let error) = SiteConfig.parse(text) else { return XCTFail("expected failure") }
        // At the line where the bracket opens, in words, once; the file's other mistakes (keys
        // missing, a base_url without https://) are named in the same run.
        let atLine2 = error.diagnostics.filter { $0.line == 2 }
        XCTAssertEqual(atLine2.count, 1, "\(error)")
        XCTAssertTrue(atLine2.first?.message.zh.hasPrefix("第 2 行的方括号“[”没有闭合") ?? false, "\(error)")
        XCTAssertTrue(error.diagnostics.contains { $0.message.en.contains("`index_prefix` is missing") }, "\(error)")
        XCTAssertTrue(error.diagnostics.contains { $0.message.en.contains("`base_url` must start with") }, "\(error)")
    }
}
