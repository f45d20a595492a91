import Foundation
import XCTest
@testable import PortalCore

final class BasePathTests: XCTestCase {
    func testTheBasePathComesFromBaseURLWithBothSlashes() {
        XCTAssertEqual(SiteConfig.basePath(of: "https://rsj.linzi.gov.cn/"), "/")
        XCTAssertEqual(SiteConfig.basePath(of: "https://rsj.linzi.gov.cn"), "/")
        XCTAssertEqual(SiteConfig.basePath(of: "https://www.example.gov.cn/fgj/"), "/fgj/")
        XCTAssertEqual(SiteConfig.basePath(of: "https://www.example.gov.cn/fgj"), "/fgj/")
        XCTAssertEqual(SiteConfig.basePath(of: "http://127.0.0.1:8080/a/b"), "/a/b/")
        let config = SiteConfig(title: "t", agency: "a", baseURL: "https://www.example.gov.cn/fgj", indexPrefix: "p",
                                siteCode: "1", categories: [])
        XCTAssertEqual(config.baseURL, "https://www.example.gov.cn/fgj/")
        XCTAssertEqual(config.basePath, "/fgj/")
    }

    func testRootRelativeURLsGoUnderTheBasePath() {
        let html = #"<a href="/">首页</a><link rel="stylesheet" href="/assets/style.css"><img src="/meetings/a.png" alt=""><form action="/search/" data-index="/search/index/x/">"#
        XCTAssertEqual(BasePath.apply("/fgj/", to: html),
                       #"<a href="/fgj/">首页</a><link rel="stylesheet" href="/fgj/assets/style.css"><img src="/fgj/meetings/a.png" alt=""><form action="/fgj/search/" data-index="/fgj/search/index/x/">"#)
    }

    func testOtherURLsAndTextAreLeftAlone() {
        let html = #"<a href="https://www.gov.cn/">a</a><a href="//cdn.example/x">b</a><a href="x/">c</a><a href="?q=1">d</a>"#
            + #"<p title="/not-a-link">t</p><code>href=&quot;/x&quot;</code> a href="/text" outside a tag is text too only after white space"#
        let result = BasePath.apply("/fgj/", to: html)
        XCTAssertTrue(result.hasPrefix(#"<a href="https://www.gov.cn/">a</a><a href="//cdn.example/x">b</a><a href="x/">c</a><a href="?q=1">d</a><p title="/not-a-link">"#))
        XCTAssertTrue(result.contains("href=&quot;/x&quot;"))
    }

    func testTheDefaultBasePathChangesNothing() {
        let html = Data(#"<a href="/meetings/">x</a>"#.utf8)
        XCTAssertEqual(BasePath.apply("/", to: html), html)
    }
}
