import Foundation
import XCTest

/// Item and category pages of the same shape share one rendering of their template
/// (`PageSkeleton`); a template that uses a transform turns that off and every page is rendered
/// from its own dictionary. Both builds must write the same bytes.
final class SharedRenderingTests: XCTestCase {
    func testPagesRenderedFromSharedSkeletonsAreByteForByteThoseRenderedOneByOne() throws {
        let site = try SiteFixture(fixture: "small")
        try Self.addVariedItems(to: site)

        let shared = site.root.appendingPathComponent("shared")
        let sharedRun = try site.build(["--output", shared.path, "--full"])
        XCTAssertEqual(sharedRun.status, 0, sharedRun.stderr)

        // A partial no page includes, with a transform: the templates may now change a text, so
        // no page is rendered from a skeleton (`PageSkeletonTests` checks that a transform turns
        // sharing off, and that the default templates share).
        try site.write("{{uppercased(title)}}\n", to: "templates/partials/unused-transform.mustache")
        let alone = site.root.appendingPathComponent("alone")
        let aloneRun = try site.build(["--output", alone.path, "--full"])
        XCTAssertEqual(aloneRun.status, 0, aloneRun.stderr)

        let sharedTree = try TreeSnapshot.take(shared)
        let aloneTree = try TreeSnapshot.take(alone)
        XCTAssertEqual(Set(sharedTree.keys), Set(aloneTree.keys))
        for (path, bytes) in sharedTree where aloneTree[path] != bytes {
            XCTFail("\(path) differs:\n\(String(decoding: bytes, as: UTF8.self))\n---\n\(String(decoding: aloneTree[path] ?? Data(), as: UTF8.self))")
        }

        let quoted = String(decoding: try XCTUnwrap(sharedTree["/meetings/2021-04-01-quotes/index.html"]), as: UTF8.self)
        XCTAssertTrue(quoted.contains("<h1>&lt;会议&gt; &amp; &quot;纪要&quot; &#39;第1号&#39;</h1>"), quoted)
        XCTAssertTrue(quoted.contains("<td>测字〔2021〕2号 &amp; 附</td>"), quoted)
        let catalog = String(decoding: try XCTUnwrap(sharedTree["/catalog/2021-07-01-catalog-1/index.html"]), as: UTF8.self)
        XCTAssertTrue(catalog.contains("<a href=\"/guide/\">《政府信息公开指南》</a>"), catalog)
    }

    /// Items whose pages differ in shape (metadata rows, attachments, the guide link, empty and
    /// CRLF bodies) and in characters to escape, several of each shape.
    static func addVariedItems(to site: SiteFixture) throws {
        var config = try String(contentsOf: site.content.appendingPathComponent("site.yaml"), encoding: .utf8)
        config += "  - { slug: catalog, name: 主动公开基本目录 }\n"
        try site.write(config, to: "content/site.yaml")
        try site.write("---\ntitle: 政府信息公开指南\n---\n## 一、公开范围\n\n本机关主动公开的信息。\n", to: "content/pages/guide.md")
        try site.write("""
            ---
            title: <会议> & "纪要" '第1号'
            date: 2021-04-01
            index_no: 11370305MB2859012X/2021-00020
            doc_no: 测字〔2021〕2号 & 附
            written: 2021-03-30
            topics: [会议, 纪要]
            validity: 失效
            ---
            # 一、会议<b>内容</b>\r\n\r\n会议听取了“A & B”的汇报。\r\n
            """, to: "content/meetings/2021-04-01-quotes.md")
        try site.write("---\ntitle: 空白正文\ndate: 2021-05-02\nindex_no: 11370305MB2859012X/2021-00021\n---\n",
                       to: "content/personnel/2021-05-02-empty.md")
        for number in 1...5 {
            try site.write("""
                ---
                title: 基本目录第\(number)项
                date: 2021-07-0\(number)
                index_no: 11370305MB2859012X/2021-0003\(number)
                topics: [目录]
                ---
                目录说明第\(number)条：<script>alert(1)</script> 与 'x' "y"\(number % 2 == 0 ? "\n" : "")
                """, to: "content/catalog/2021-07-0\(number)-catalog-\(number).md")
            try site.write("""
                ---
                title: 附件通知第\(number)号
                date: 2021-08-0\(number)
                index_no: 11370305MB2859012X/2021-0004\(number)
                attachments:
                  - { file: 2021-08-0\(number)-list.csv, title: 名单 }
                  - { file: 2021-08-0\(number)-form.docx, title: "申请表 <\(number)>" }
                ---
                见附件。
                """, to: "content/plans/2021-08-0\(number)-notice.md")
            try site.write("序号,姓名\n\(number),张三\n", to: "content/plans/2021-08-0\(number)-list.csv")
            try site.write(String(repeating: "表", count: number * 300), to: "content/plans/2021-08-0\(number)-form.docx")
        }
    }
}
