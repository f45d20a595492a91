import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import PortalCore

/// The Atom feed document and the XML text rules it relies on.
final class FeedTests: XCTestCase {

    /// An attribute's value. (FoundationXML on Linux does not find un-prefixed attributes of an
    /// element in a default namespace with `attribute(forName:)`, so look through them all.)
    func attribute(_ element: XMLElement?, _ name: String) -> String? {
        element?.attributes?.first { $0.name == name }?.stringValue
    }
    let config = SiteConfig(title: "测试 & 公开", agency: "测试局", baseURL: "https://example.gov.cn",
                            indexPrefix: "11370305MB2859012X", siteCode: "1",
                            categories: [Category(slug: "meetings", name: "部门会议")])

    func item(_ serial: Int, date: String, title: String = "标题", slug: String? = nil, docNo: String? = nil,
              attachments: [Attachment] = []) -> Item {
        Item(category: "meetings", slug: slug ?? "item-\(serial)", sourcePath: "content/meetings/item-\(serial).md",
             title: title, date: PlainDate(iso: date)!,
             indexNo: IndexNumber(prefix: "11370305MB2859012X", year: 2021, serial: serial), indexNoLine: 4,
             publisher: "测试局", docNo: docNo, written: nil, topics: [], validity: nil, expires: nil, draft: false,
             attachments: attachments, privacyException: nil, body: "正文", bodyLine: 6)
    }

    func entry(_ item: Item, body: String = "<p>正文</p>\n") -> AtomFeed.Entry {
        AtomFeed.Entry(item: item, categoryName: "部门会议", bodyHTML: body)
    }

    func parse(_ xml: String) throws -> XMLElement {
        try XCTUnwrap(try XMLDocument(data: Data(xml.utf8)).rootElement())
    }

    func testUpdatedIsTheNewestEntrysDayNotTheBuildTime() throws {
        let xml = AtomFeed.document(entries: [entry(item(2, date: "2021-03-15")), entry(item(1, date: "2021-01-02"))],
                                    config: config, fallbackUpdated: PlainDate(iso: "2030-01-01")!)
        let feed = try parse(xml)
        XCTAssertEqual(feed.elements(forName: "updated").first?.stringValue, "2021-03-15T00:00:00+08:00")
        XCTAssertEqual(feed.elements(forName: "entry").count, 2)
    }

    func testAnEmptyFeedIsStillValidAtom() throws {
        let feed = try parse(AtomFeed.document(entries: [], config: config, fallbackUpdated: PlainDate(iso: "2022-01-25")!))
        XCTAssertEqual(feed.elements(forName: "updated").first?.stringValue, "2022-01-25T00:00:00+08:00")
        XCTAssertEqual(feed.elements(forName: "title").first?.stringValue, "测试 & 公开")
        XCTAssertEqual(feed.elements(forName: "entry").count, 0)
    }

    func testEntriesCarryAbsoluteURLsMetadataAndTheBodyAsEscapedHTML() throws {
        let attached = item(3, date: "2021-04-01", title: "关于<名单>的公示", slug: "名单 公示", docNo: "测字〔2021〕3号",
                            attachments: [Attachment(file: "名单.csv", title: "名单 & 说明", size: 10)])
        let feed = try parse(AtomFeed.document(entries: [entry(attached, body: "<p>见<a href=\"/meetings/\">栏目</a></p>\n")],
                                               config: config, fallbackUpdated: PlainDate(iso: "2021-01-01")!))
        let entry = try XCTUnwrap(feed.elements(forName: "entry").first)
        let url = "https://example.gov.cn/meetings/%E5%90%8D%E5%8D%95%20%E5%85%AC%E7%A4%BA/"
        XCTAssertEqual(entry.elements(forName: "id").first?.stringValue, url)
        XCTAssertEqual(entry.elements(forName: "title").first?.stringValue, "关于<名单>的公示")
        XCTAssertEqual(entry.elements(forName: "summary").first?.stringValue,
                       "索引号：11370305MB2859012X/2021-00003；文号：测字〔2021〕3号；发布机构：测试局；发布日期：2021年04月01日")
        let content = try XCTUnwrap(entry.elements(forName: "content").first)
        XCTAssertEqual(attribute(content, "type"), "html")
        XCTAssertEqual(attribute(content, "xml:base"), url, "relative links resolve against the page")
        let html = try XCTUnwrap(content.stringValue)
        XCTAssertTrue(html.contains("<a href=\"/meetings/\">栏目</a>"))
        XCTAssertTrue(html.contains("<a href=\"\(url)%E5%90%8D%E5%8D%95.csv\">名单 &amp; 说明</a>"), html)
    }

    func testXMLTextEscapesMarkupAndDropsCharactersXMLForbids() {
        XCTAssertEqual(XMLText.escape("a<b>&\"c'\u{7}\u{0}d\te\n"), "a&lt;b&gt;&amp;&quot;c&apos;d\te\n")
        XCTAssertEqual(XMLText.escape("政府信息公开"), "政府信息公开")
    }

    func testAbsoluteURLsJoinTheBaseAndEncodeThePath() {
        XCTAssertEqual(AbsoluteURL.of("/meetings/x/", base: "https://a.gov.cn/"), "https://a.gov.cn/meetings/x/")
        XCTAssertEqual(AbsoluteURL.of("/", base: "https://a.gov.cn"), "https://a.gov.cn/")
        XCTAssertEqual(AbsoluteURL.of("/其他/a b%/", base: "https://a.gov.cn/"), "https://a.gov.cn/%E5%85%B6%E4%BB%96/a%20b%25/")
    }
}
