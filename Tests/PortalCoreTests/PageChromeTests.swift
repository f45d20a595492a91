import XCTest
@testable import PortalCore

/// What every page's context carries for the layout: navigation, footer lines, feed, search box.
final class PageChromeTests: XCTestCase {
    let config = SiteConfig(title: "测试公开", agency: "测试局", baseURL: "https://a.gov.cn/", indexPrefix: "X", siteCode: "1",
                            icp: "鲁ICP备05001234号", policeRecord: "鲁公网安备 37030502000123号",
                            categories: [Category(slug: "meetings", name: "部门会议")], contact: ["电话：0533-1"])

    func testTheHeaderSearchBoxAppearsOnlyWhenASearchPageIsRegistered() {
        let without = PageChrome(config: config, stylesheet: "/s.css", extraNavigation: [.init(name: "年度报告", url: "/annual-reports/")])
        XCTAssertNil(without.context(title: nil, section: "/", breadcrumbs: [], page: [:])["header_search"])

        let with = PageChrome(config: config, stylesheet: "/s.css", extraNavigation: [.init(name: "搜索", url: "/search/")])
        let home = with.context(title: nil, section: "/", breadcrumbs: [], page: [:])
        XCTAssertEqual((home["header_search"] as? [String: String])?["url"], "/search/")
        XCTAssertNil(with.context(title: "搜索", section: "/search/", breadcrumbs: [], page: [:])["header_search"],
                     "the search page has its own form")
    }

    func testNavigationExtrasFeedAndFilingLinks() throws {
        let chrome = PageChrome(config: config, stylesheet: "/s.css",
                                extraNavigation: [.init(name: "年度报告", url: "/annual-reports/"), .init(name: "统计", url: "/statistics/")])
        let context = chrome.context(title: "部门会议", section: "/meetings/", breadcrumbs: [], page: [:])
        XCTAssertEqual((context["nav"] as? [[String: Any]])?.count, 3)
        XCTAssertEqual((context["nav_extra"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["年度报告", "统计"])
        XCTAssertEqual(context["has_nav_extra"] as? Bool, true)
        XCTAssertEqual(context["feed_url"] as? String, "/feed.xml")
        let site = try XCTUnwrap(context["site"] as? [String: Any])
        XCTAssertEqual(site["police_record_url"] as? String, "https://beian.mps.gov.cn/#/query/webSearch?code=37030502000123")
        XCTAssertEqual(site["has_contact"] as? Bool, true)
        XCTAssertEqual(context["page_title"] as? String, "部门会议 - 测试公开")
    }
}
