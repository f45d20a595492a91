import Foundation
import XCTest

/// What a reader's browser makes of the built site: headless Chromium (Debian `chromium`, fonts
/// from `fonts-noto-cjk`) loads every page of the default site and of the paginated `small`
/// fixture, as nginx would serve them, on a desktop and on a 360 px phone.
///
/// Screenshots of every page kind at 1280 and 390 px go to `Tests/screenshots/reader-*.png` for
/// people to look at. Without Chromium these tests fail (they are part of CI, see `.ci/run`).
final class ReaderBrowserTests: XCTestCase {
    static let screenshots = SiteFixture.repositoryRoot.appendingPathComponent("Tests/screenshots")

    /// A browser on `site`, or a failure that says how to install one.
    func browser(for site: ReaderSite) throws -> ReaderBrowser {
        guard let executable = ReaderBrowser.locate() else {
            throw ReaderSite.Failure("""
            找不到 Chromium，无法运行浏览器测试。请安装：apt-get install chromium fonts-noto-cjk（CI 的 .ci/run 会安装）。
            Chromium was not found, so the browser tests cannot run: install it with \
            `apt-get install chromium fonts-noto-cjk` (.ci/run does), or set CHROMIUM to its path.
            """)
        }
        return try ReaderBrowser(executable: executable, siteRoot: site.output)
    }

    /// Every page the sites have: what the sitemap lists, plus the not-found page.
    func everyPage(of site: ReaderSite) throws -> [String] {
        try site.sitemapPaths() + ["/404.html"]
    }

    // MARK: Screenshots

    /// The pages of each kind a reader meets. Statistics and search are built by their own
    /// steps; when the build has none yet, that page is skipped and named in the test's output.
    func pageKinds(of site: ReaderSite) throws -> (kinds: [(name: String, path: String)], skipped: [String]) {
        let pages = try site.sitemapPaths()
        let itemPages = try pages.filter { path in
            let parts = path.split(separator: "/")
            guard parts.count == 2, !["annual-reports", "statistics", "search"].contains(String(parts[0])) else { return false }
            return try site.html(path).contains("<table class=\"meta\"")
        }
        // The item with the most to show: attachments and the longest metadata table.
        let item = try XCTUnwrap(try itemPages.max { a, b in
            func weight(_ path: String) throws -> Int {
                let html = try site.html(path)
                return (html.contains("class=\"attachments\"") ? 100 : 0) + html.components(separatedBy: "<th scope=\"row\">").count
            }
            return try weight(a) < weight(b)
        }, "the default site has item pages")
        let category = "/" + item.split(separator: "/")[0] + "/"
        let report = try XCTUnwrap(pages.filter { $0.hasPrefix("/annual-reports/") && $0 != "/annual-reports/" }.max(),
                                   "the default site has an annual report")
        var kinds: [(String, String)] = [("home", "/"), ("category", category), ("item", item), ("annual-report", report)]
        var skipped: [String] = []
        // A notice with a pipe table (a 公示 list) and one with a picture, as editors write them.
        kinds.append(("item-table", try XCTUnwrap(try itemPages.first { try site.html($0).contains("class=\"table-scroll\"") },
                                                   "the default site has a notice with a pipe table")))
        kinds.append(("item-picture", try XCTUnwrap(try itemPages.first { try site.html($0).contains("loading=\"lazy\"") },
                                                     "the default site has a notice with a picture")))
        if site.exists("/statistics/") { kinds.append(("statistics", "/statistics/")) } else { skipped.append("/statistics/") }
        if site.exists("/search/") { kinds.append(("search", "/search/?q=%E5%B0%B1%E4%B8%9A")) } else { skipped.append("/search/") }
        return (kinds, skipped)
    }

    func testScreenshotsOfEveryPageKindOnADesktopAndAPhone() throws {
        let site = try ReaderSite.defaultSite()
        let browser = try browser(for: site)
        defer { browser.shutDown() }
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let (kinds, skipped) = try pageKinds(of: site)
        for path in skipped {
            print("注意：网站中还没有 \(path)，跳过它的截图。 / note: the site has no \(path) yet; its screenshots are skipped.")
        }
        for (name, path) in kinds {
            for width in [1280, 390] {
                let load = try browser.load(path, width: width)
                XCTAssertEqual(load.errors, [], "\(path) at \(width) px")
                let png = try browser.screenshot()
                XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(name) is a PNG")
                // A blank or broken page compresses to a few KB; a page of Chinese text does not.
                XCTAssertGreaterThan(png.count, 30_000, "the screenshot of \(path) at \(width) px looks empty")
                try png.write(to: Self.screenshots.appendingPathComponent("reader-\(name)-\(width).png"))
            }
        }
    }

    // MARK: Every page

    func testNoPageHasConsoleErrorsOrMissingFiles() throws {
        for site in [try ReaderSite.defaultSite(), try ReaderSite.smallSite()] {
            let browser = try browser(for: site)
            defer { browser.shutDown() }
            let pages = try everyPage(of: site)
            XCTAssertGreaterThan(pages.count, 8)
            for path in pages {
                let load = try browser.load(path, width: 1280)
                XCTAssertEqual(load.errors, [], "console errors on \(path)")
                XCTAssertEqual(load.missing, [], "\(path) loads files that do not exist")
            }
        }
    }

    func testEveryPageFitsA360PixelPhoneWithoutSidewaysScrolling() throws {
        for site in [try ReaderSite.defaultSite(), try ReaderSite.smallSite()] {
            let browser = try browser(for: site)
            defer { browser.shutDown() }
            for path in try everyPage(of: site) {
                try browser.load(path, width: 360)
                let result = try XCTUnwrap(browser.evaluate(ReaderPageScripts.overflow) as? [String: Any])
                let scrollWidth = (result["scrollWidth"] as? NSNumber)?.intValue ?? -1
                let viewport = (result["viewport"] as? NSNumber)?.intValue ?? 0
                XCTAssertEqual(viewport, 360, "\(path): the phone viewport is 360 px wide")
                XCTAssertLessThanOrEqual(scrollWidth, viewport, "\(path) scrolls sideways at 360 px")
                XCTAssertEqual(result["offenders"] as? [String], [],
                               "\(path): these stick out of a 360 px screen (only .table-scroll boxes may scroll)")
            }
        }
    }

    func testAllTextHasAContrastOfAtLeast4Point5To1() throws {
        for site in [try ReaderSite.defaultSite(), try ReaderSite.smallSite()] {
            let browser = try browser(for: site)
            defer { browser.shutDown() }
            for path in try everyPage(of: site) {
                for width in [1280, 360] {
                    try browser.load(path, width: width)
                    let result = try XCTUnwrap(browser.evaluate(ReaderPageScripts.contrast) as? [String: Any])
                    XCTAssertGreaterThan((result["checked"] as? NSNumber)?.intValue ?? 0, 5, "\(path): text was found")
                    XCTAssertEqual(result["failures"] as? [String], [], "\(path) at \(width) px: text below 4.5:1")
                }
            }
        }
    }

    // MARK: Keyboard, print, assistive technology

    func testAKeyboardUserSkipsToMainAndAlwaysSeesWhereFocusIs() throws {
        let site = try ReaderSite.defaultSite()
        let browser = try browser(for: site)
        defer { browser.shutDown() }
        let (kinds, _) = try pageKinds(of: site)
        for (_, path) in kinds where !path.hasPrefix("/search/") {
            for width in [1280, 360] {
                try browser.load(path, width: width)
                try browser.press("Tab", code: 9)
                let skip = try XCTUnwrap(browser.evaluate(ReaderPageScripts.focused) as? [String: Any], "\(path): Tab focuses something")
                XCTAssertEqual(skip["className"] as? String, "skip-link", "\(path): the first Tab reaches the skip link")
                XCTAssertEqual(skip["onScreen"] as? Bool, true, "\(path): the focused skip link is visible")
                try browser.press("Enter", code: 13)
                let main = try XCTUnwrap(browser.evaluate(ReaderPageScripts.focused) as? [String: Any])
                XCTAssertEqual(main["id"] as? String, "main", "\(path): the skip link moves focus to <main>")

                // Then through the page from the top: every stop shows focus differently from rest.
                try browser.load(path, width: width)
                for _ in 0..<24 {
                    try browser.press("Tab", code: 9)
                    let focused = try browser.evaluate(ReaderPageScripts.focused) as? [String: Any]
                    guard let focused else { break }
                    XCTAssertEqual(focused["focusVisible"] as? Bool, true, "\(path): \(focused["element"] ?? "")")
                    XCTAssertEqual(focused["onScreen"] as? Bool, true, "\(path): focus scrolls into view: \(focused["element"] ?? "")")
                }
                let elements = try XCTUnwrap(browser.evaluate(ReaderPageScripts.unfocusedStyles) as? [[String: Any]])
                XCTAssertGreaterThan(elements.count, 10, "\(path): the Tab key moves through the page")
                for element in elements {
                    let focused = element["focused"] as? [String: String] ?? [:], plain = element["plain"] as? [String: String] ?? [:]
                    let outlined = !(focused["outline"] ?? "").hasPrefix("none") && focused["outline"] != plain["outline"]
                        && !(focused["outline"] ?? "").contains("rgba(0, 0, 0, 0)")
                    let marked = outlined || focused["shadow"] != plain["shadow"] || focused["background"] != plain["background"]
                    XCTAssertTrue(marked, "\(path) at \(width) px: focus on \(element["element"] ?? "") is not visible: \(focused) vs \(plain)")
                }
            }
        }
    }

    func testPrintingLeavesOutNavigationAndKeepsTheContent() throws {
        let site = try ReaderSite.defaultSite()
        let browser = try browser(for: site)
        defer { browser.shutDown() }
        for (_, path) in try pageKinds(of: site).kinds {
            try browser.load(path, width: 1280)
            try browser.emulateMedia("print")
            let layout = try XCTUnwrap(browser.evaluate(ReaderPageScripts.printLayout) as? [String: Any])
            try browser.emulateMedia("")
            XCTAssertEqual(layout["navigation"] as? Bool, false, "\(path): no navigation on paper")
            XCTAssertEqual(layout["skipLink"] as? Bool, false, "\(path): no skip link on paper")
            XCTAssertEqual(layout["main"] as? Bool, true, "\(path): the content prints")
            XCTAssertEqual(layout["footer"] as? Bool, true, "\(path): the agency and 网站标识码 print")
        }
    }

    /// The metadata table is laid out as a grid on wide screens; it must stay a table of row
    /// headers and cells to a screen reader.
    func testTheItemMetadataIsATableOfRowHeadersToAScreenReader() throws {
        let site = try ReaderSite.defaultSite()
        let browser = try browser(for: site)
        defer { browser.shutDown() }
        let item = try XCTUnwrap(try pageKinds(of: site).kinds.first { $0.name == "item" }).path
        for width in [1280, 360] {
            try browser.load(item, width: width)
            let tree = try browser.command("Accessibility.getFullAXTree")
            let nodes = tree["nodes"] as? [[String: Any]] ?? []
            func role(_ node: [String: Any]) -> String { (node["role"] as? [String: Any])?["value"] as? String ?? "" }
            func name(_ node: [String: Any]) -> String { (node["name"] as? [String: Any])?["value"] as? String ?? "" }
            XCTAssertTrue(nodes.contains { role($0) == "table" && name($0) == "信息属性" }, "\(item) at \(width) px: a table named by its caption")
            let headers = nodes.filter { role($0) == "rowheader" }.map(name)
            for label in ["索引号", "发布机构", "发布日期"] {
                XCTAssertTrue(headers.contains(label), "\(item) at \(width) px: \(label) is a row header (found \(headers))")
            }
        }
    }
}
