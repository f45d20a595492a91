import Foundation
import XCTest
@testable import PortalCore

/// Pages of the same shape share one rendering of their template (`PageSkeleton`): every page
/// must still come out exactly as swift-mustache renders its own dictionary.
final class PageSkeletonTests: XCTestCase {
    // MARK: Synthetic templates

    /// A page template in a layout, with indented partials (swift-mustache indents after line
    /// breaks inside them), CRLF lines, raw and escaped texts, sections on texts and lists.
    static let templates: [String: String] = [
        "layout": "<html>\n<title>{{page_title}}</title>\n{{$main}}{{/main}}\n</html>\n",
        "page": """
            {{<layout}}
            {{$main}}
            <h1>{{title}}</h1>
              {{>box}}
              {{>tail}}
            {{#title}}[{{.}}]{{/title}}{{^title}}none{{/title}}\r
            <ul>
            {{#rows}}
              <li>{{label}}: {{value}}{{^last}},{{/last}}</li>
            {{/rows}}
            </ul>
            {{#flag}}flag {{note}}{{/flag}}
            <div>
            {{{html}}}
            </div>
            {{/main}}
            {{/layout}}
            """,
        "box": "<p>{{note}}</p>\n{{note}}\n{{{html}}}{{after}}\n",
        // Ends in a text, after a lone CR: where an empty text or a lone LF would show.
        "tail": "<i>\n{{note}}\r{{{html}}}{{after}}",
    ]

    /// Texts that each could trip a shortcut: breaks at the end (LF, CRLF), empty texts,
    /// characters to escape, a lone LF, markup in raw HTML.
    static let texts: [(title: String, note: String, html: String, after: String)] = [
        ("第一", "注", "<p>a</p>\n", "后"),
        ("x<y & \"z\" 'w'", "a\nb\n", "<b>raw</b>", ""),
        ("", "", "", "after"),
        ("标题", "line\r\n", "\n", "x"),
        ("标题\n", "\n\n", "<p>\r\n</p>\r\n", "<>"),
        ("t", "n", "h", "a"),
        ("t", "n", "<p>x</p>\n", ""),
    ]

    private func values(_ text: (title: String, note: String, html: String, after: String), rows: Int,
                        flag: Bool, shared: [String: Any] = ["page_title": "共享"]) -> TemplateValues {
        var values = TemplateValues()
        values.set("page_title", "页面")
        values.merge(shared: shared, identity: "test shared")
        values.set("title", text.title)
        values.set("note", text.note)
        values.set("html", html: Array(text.html.utf8))
        values.set("after", text.after)
        values.list("rows", 0..<rows) { values, index in
            values.set("label", "第\(index)行")
            values.set("value", index * 7)
            values.set("last", index == rows - 1)
        }
        values.set("flag", flag)
        return values
    }

    func testEveryPageOfAShapeRendersAsItsOwnDictionaryWould() throws {
        let renderer = try Self.renderer(Self.templates)
        XCTAssertTrue(renderer.sharesRenderings)
        for rows in [0, 1, 3] {
            for flag in [false, true] {
                // Twice over: the first page of a shape makes its skeleton, the rest are filled.
                for text in Self.texts + Self.texts.reversed() {
                    let page = values(text, rows: rows, flag: flag)
                    let expected = try renderer.render("page", page.dictionary())
                    XCTAssertEqual(String(decoding: try renderer.render("page", page), as: UTF8.self), expected,
                                   "texts \(text), \(rows) rows, flag \(flag)")
                }
            }
        }
        XCTAssertGreaterThan(renderer.skeletons.usableCount, 6, "pages of a shape are filled from its skeleton")
    }

    func testSharedValuesAreMergedLikeTheDictionaryTheyStandFor() throws {
        let renderer = try Self.renderer(Self.templates)
        let page = values(Self.texts[0], rows: 1, flag: true)
        let dictionary = page.dictionary()
        XCTAssertEqual(dictionary["page_title"] as? String, "共享", "a shared value replaces a key set before it")
        XCTAssertEqual((dictionary["rows"] as? [Any])?.count, 1)
        XCTAssertTrue(try renderer.render("page", page.dictionary()).contains("<title>共享</title>"))
        XCTAssertEqual(String(decoding: try renderer.render("page", page), as: UTF8.self), try renderer.render("page", dictionary))
    }

    func testAContentTypeOtherThanThePortalsRendersEachPageOnItsOwn() throws {
        // swift-mustache's own HTML type escapes `Character`s, not bytes: the skeleton cannot
        // stand for it, so such pages are rendered from their dictionaries, with the same result.
        var templates = Self.templates
        templates["box"] = "{{%CONTENT_TYPE:HTML}}<p>{{note}}</p>\n"
        let renderer = try Self.renderer(templates)
        for text in Self.texts + [("a", "<\u{301}>", "", "")] where !text.note.isEmpty {
            let page = values(text, rows: 2, flag: true)
            XCTAssertEqual(String(decoding: try renderer.render("page", page), as: UTF8.self),
                           try renderer.render("page", page.dictionary()))
        }
        XCTAssertEqual(renderer.skeletons.usableCount, 0)

        var plain = Self.templates
        plain["box"] = "{{%CONTENT_TYPE:TEXT}}<p>{{note}}</p>\n"
        let text = try Self.renderer(plain)
        let page = values(Self.texts[1], rows: 2, flag: true)
        let output = String(decoding: try text.render("page", page), as: UTF8.self)
        XCTAssertEqual(output, try text.render("page", page.dictionary()))
        XCTAssertTrue(output.contains("<p>a\nb\n"), "TEXT inserts the text as it is")
    }

    func testACollectionPrintedWholeIsNotMistakenForItsTexts() throws {
        // `{{.}}` on an object prints its description, which quotes and escapes the texts in it
        // (one key, so that the order of the keys cannot differ between two renderings).
        var templates = Self.templates
        templates["box"] = "{{#one}}{{.}}{{/one}}\n"
        let renderer = try Self.renderer(templates)
        for label in ["第0行", "a\"b\\c", "<x>"] {
            var page = values(("t", "n", "h", "a"), rows: 1, flag: false)
            page.object("one") { $0.set("label", label) }
            let output = String(decoding: try renderer.render("page", page), as: UTF8.self)
            XCTAssertEqual(output, try renderer.render("page", page.dictionary()))
            XCTAssertTrue(output.contains("[&quot;label&quot;: "), output)
        }
    }

    func testTransformsAndDynamicPartialsTurnSharingOff() throws {
        XCTAssertFalse(TemplateRenderer.sharesRenderings(of: "<b>{{uppercased(title)}}</b>"))
        XCTAssertFalse(TemplateRenderer.sharesRenderings(of: "{{#rows}}{{index()}}{{/rows}}"))
        XCTAssertFalse(TemplateRenderer.sharesRenderings(of: "{{> *name}}"))
        XCTAssertFalse(TemplateRenderer.sharesRenderings(of: "{{=<% %>=}}<% title %>"))
        XCTAssertFalse(TemplateRenderer.sharesRenderings(of: "\u{E000}"))
        XCTAssertTrue(TemplateRenderer.sharesRenderings(of: "{{! a comment (with brackets) }}{{title}}{{{body}}}{{>footer}}"))

        var templates = Self.templates
        templates["box"] = "{{uppercased(note)}}\n"
        let renderer = try Self.renderer(templates)
        XCTAssertFalse(renderer.sharesRenderings)
        let page = values(("t", "abc", "h", "a"), rows: 1, flag: false)
        let output = String(decoding: try renderer.render("page", page), as: UTF8.self)
        XCTAssertEqual(output, try renderer.render("page", page.dictionary()))
        XCTAssertTrue(output.contains("ABC"))
    }

    /// What turns sharing off (and what `SharedRenderingTests` relies on to build without it).
    func testTransformsDynamicPartialsAndDelimitersTurnSharingOff() {
        XCTAssertTrue(TemplateRenderer.sharesRenderings(of: "{{<layout}}{{$main}}<h1>{{title}}</h1>{{#rows}}{{{html}}}{{/rows}}{{>footer}}{{/main}}{{/layout}}"))
        XCTAssertTrue(TemplateRenderer.sharesRenderings(of: "{{! a comment (with brackets) }}{{title}}"))
        XCTAssertFalse(TemplateRenderer.sharesRenderings(of: "{{uppercased(title)}}\n"))
        XCTAssertFalse(TemplateRenderer.sharesRenderings(of: "{{>*name}}"))
        XCTAssertFalse(TemplateRenderer.sharesRenderings(of: "{{=<% %>=}}<% title %>"))
        XCTAssertFalse(TemplateRenderer.sharesRenderings(of: "\u{E000}"))
    }

    // MARK: The real templates and content

    /// Every item page and every category page of the repository's own site, from the real
    /// templates: the skeleton and the dictionary render the same bytes.
    func testTheDefaultSitesPagesRenderAsTheirDictionariesWould() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (loaded, problems) = SiteBuilder.load(BuildOptions(siteRoot: root, today: PlainDate(year: 2026, month: 1, day: 1)!))
        let site = try XCTUnwrap(loaded, "\(problems)")
        XCTAssertTrue(site.templates.sharesRenderings)
        let plan = BuildPlan(site: site, today: PlainDate(year: 2026, month: 1, day: 1)!)
        let chrome = PageChrome(config: plan.config, stylesheet: "/assets/style.0.css",
                                extraNavigation: BuildSteps.all.flatMap { $0.navigation(plan) }).prerendering(site.templates)
        let categories = Dictionary(uniqueKeysWithValues: plan.config.categories.map { ($0.slug, $0) })
        XCTAssertGreaterThan(plan.published.count, 10)
        for item in plan.published {
            let page = ItemPage.values(item, bodyHTML: MarkdownRenderer.renderUTF8(item.body).html, category: categories[item.category]!,
                                       chrome: chrome, draft: item.draft,
                                       guide: item.category == "catalog" ? ["title": "指南", "url": "/guide/"] : nil)
            XCTAssertEqual(String(decoding: try site.templates.render("item", page), as: UTF8.self),
                           try site.templates.render("item", page.dictionary()), item.url)
        }
        for category in plan.config.categories {
            let items = plan.byCategory[category.slug] ?? []
            // Two to a page, so that the categories have first, middle and last pages.
            let pagination = Pagination(itemCount: items.count, pageSize: 2)
            for number in 1...pagination.pageCount {
                let page = CategoryPage.values(category: category, items: items[pagination.range(ofPage: number)],
                                               totalCount: items.count, page: number, pagination: pagination, chrome: chrome)
                XCTAssertEqual(String(decoding: try site.templates.render("category", page), as: UTF8.self),
                               try site.templates.render("category", page.dictionary()), "\(category.slug) page \(number)")
            }
        }
        XCTAssertGreaterThan(site.templates.skeletons.usableCount, 0)
    }

    func testCategoryValuesAreTheDictionaryTheTemplatesDocument() throws {
        let config = SiteConfig(title: "测试公开", agency: "测试局", baseURL: "https://a.gov.cn/", indexPrefix: "X", siteCode: "1",
                                icp: nil, policeRecord: nil, categories: [Category(slug: "meetings", name: "部门会议")], contact: [])
        let chrome = PageChrome(config: config, stylesheet: "/s.css", extraNavigation: [])
        let category = config.categories[0]
        let page = CategoryPage.values(category: category, items: [], totalCount: 0, page: 1,
                                       pagination: Pagination(itemCount: 0, pageSize: 20), chrome: chrome).dictionary()
        XCTAssertEqual(page["count"] as? Int, 0, "numbers stay numbers for the templates")
        XCTAssertEqual(page["empty"] as? Bool, true)
        XCTAssertEqual(page["page_title"] as? String, "部门会议 - 测试公开")
        let crumbs = try XCTUnwrap(page["breadcrumbs"] as? [[String: Any]])
        XCTAssertEqual(crumbs.map { $0["name"] as? String }, ["首页", "部门会议"])
        XCTAssertNil(crumbs[0]["last"])
        XCTAssertEqual(crumbs[1]["last"] as? Bool, true)
        XCTAssertEqual(PlainDate(year: 2021, month: 3, day: 5)!.chinese, "2021年03月05日")
        XCTAssertEqual(PlainDate(year: 2021, month: 12, day: 31)!.iso, "2021-12-31")
    }

    // MARK: Helpers

    /// A template library from `templates` (and empty stand-ins for the other page templates the
    /// loader requires), loaded the way a build loads `templates/`.
    static func renderer(_ templates: [String: String]) throws -> TemplateRenderer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skeleton-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files = templates
        for name in TemplateRenderer.requiredTemplates where files[name] == nil { files[name] = "" }
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent("\(name).mustache"))
        }
        switch TemplateRenderer.load(from: folder) {
        case .success(let renderer): return renderer
        case .failure(let error): throw error
        }
    }
}
