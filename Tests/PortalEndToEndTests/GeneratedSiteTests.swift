import XCTest

/// A generated site of several hundred items: every page exists, and builds are deterministic.
final class GeneratedSiteTests: XCTestCase {
    static let categories = ["meetings", "plans", "livelihood", "personnel"]

    /// 360 items over 2020–2021: every 7th a draft, every 11th expired on its own day, and the
    /// 2021 items after June dated after `--now`.
    func makeSite() throws -> (SiteFixture, expected: [String], hidden: [String]) {
        let site = try SiteFixture(fixture: nil)
        try site.write("""
        title: 生成测试站
        agency: 生成测试局
        base_url: https://gen.example.gov.cn/
        index_prefix: 11370305MB2859012X
        site_code: "1"
        page_size: 20
        categories:
        \(Self.categories.map { "  - { slug: \($0), name: 栏目\($0) }" }.joined(separator: "\n"))
        """, to: "content/site.yaml")
        var expected: [String] = [], hidden: [String] = []
        var serials: [Int: Int] = [:]
        for n in 0..<360 {
            let year = n % 2 == 0 ? 2020 : 2021
            let month = n % 12 + 1, day = n % 28 + 1
            serials[year, default: 0] += 1
            let category = Self.categories[n % Self.categories.count]
            let slug = String(format: "%04d-%02d-%02d-item-%03d", year, month, day, n)
            var extra = ""
            var published = true
            if n % 7 == 0 { extra += "draft: true\n"; published = false }
            if n % 11 == 0 { extra += String(format: "expires: %04d-%02d-%02d\n", year, month, day); published = false }
            let date = String(format: "%04d-%02d-%02d", year, month, day)
            if date > "2021-06-30" { published = false }
            try site.write("""
            ---
            title: 第\(n)号测试信息
            date: \(date)
            index_no: \(String(format: "11370305MB2859012X/%04d-%05d", year, serials[year]!))
            \(extra)---
            ## 正文

            第\(n)号信息的正文，链接到[首页](/)。
            """, to: "content/\(category)/\(slug).md")
            (published ? { expected.append("/\(category)/\(slug)/") } : { hidden.append("/\(category)/\(slug)/") })()
        }
        return (site, expected, hidden)
    }

    func testEveryItemAndEveryCategoryPageExists() throws {
        let (site, expected, hidden) = try makeSite()
        let run = try site.build(now: "2021-06-30")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertGreaterThan(expected.count, 200)
        for url in expected { XCTAssertTrue(site.exists(url), url) }
        for url in hidden { XCTAssertFalse(site.exists(url), url) }
        for category in Self.categories {
            let count = expected.filter { $0.hasPrefix("/\(category)/") }.count
            let pages = (count + 19) / 20
            XCTAssertTrue(try site.page("/\(category)/").contains("共 \(count) 条信息"))
            for page in 2...pages { XCTAssertTrue(site.exists("/\(category)/page/\(page)/"), "\(category) page \(page)") }
            XCTAssertFalse(site.exists("/\(category)/page/\(pages + 1)/"))
            // Every published item is linked from exactly one index page.
            var indexes = ""
            for page in 1...pages { indexes += try site.page(page == 1 ? "/\(category)/" : "/\(category)/page/\(page)/") }
            for url in expected where url.hasPrefix("/\(category)/") {
                XCTAssertEqual(indexes.components(separatedBy: "href=\"\(url)\"").count - 1, 1, url)
            }
        }
    }

    func testTwoBuildsAreByteIdentical() throws {
        let (site, _, _) = try makeSite()
        let first = site.root.appendingPathComponent("out-1"), second = site.root.appendingPathComponent("out-2")
        XCTAssertEqual(try site.build(now: "2021-06-30", ["--output", first.path]).status, 0)
        XCTAssertEqual(try site.build(now: "2021-06-30", ["--output", second.path]).status, 0)
        let a = try TreeSnapshot.take(first), b = try TreeSnapshot.take(second)
        XCTAssertGreaterThan(a.count, 200)
        XCTAssertEqual(a.keys.sorted(), b.keys.sorted())
        for (path, data) in a { XCTAssertEqual(data, b[path], path) }
    }
}
