import XCTest
@testable import PortalCore

/// The quick reader of simple front matters (`LineMapping`, `ItemParser.parseQuickly`) must give
/// exactly the item Yams' path gives, and must leave every file with a problem, and every form
/// it is not sure of, to Yams.
final class QuickFrontMatterTests: XCTestCase {
    let config = SiteConfig(title: "测试", agency: "测试局", baseURL: "https://example.gov.cn/",
                            indexPrefix: "11370305MB2859012X", siteCode: "1",
                            categories: [Category(slug: "meetings", name: "部门会议")])
    let folder = URL(fileURLWithPath: NSTemporaryDirectory())

    /// Both readers on one front matter: the quick item (nil: left to Yams) and Yams' result.
    func read(_ frontMatter: String, body: String = "正文\n") throws -> (quick: Item?, yams: (Item?, [Diagnostic])) {
        let split = try FrontMatter.split("---\n\(frontMatter)\n---\n\(body)", file: "content/meetings/a.md").get()
        let quick = ItemParser.parseQuickly(split, file: "content/meetings/a.md", category: "meetings", slug: "a", config: config)
        let yams = ItemParser.parseWithYams(split, file: "content/meetings/a.md", category: "meetings", slug: "a",
                                            folder: folder, config: config)
        return (quick, yams)
    }

    /// Every stored property, so that two items compare field by field.
    func fields(_ item: Item?) -> String {
        var text = ""
        dump(item, to: &text)
        return text
    }

    func assertSame(_ frontMatter: String, quickly expected: Bool? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let (quick, (item, diagnostics)) = try read(frontMatter)
        if let quick {
            XCTAssertEqual(diagnostics, [], "read quickly, but Yams reports: \(frontMatter)", file: file, line: line)
            XCTAssertEqual(fields(quick), fields(item), "the readers differ on: \(frontMatter)", file: file, line: line)
        }
        if let expected {
            XCTAssertEqual(quick != nil, expected, "read quickly: \(frontMatter)", file: file, line: line)
        }
    }

    let head = "title: 标题\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00012"

    func testTheUsualFrontMatterIsReadQuicklyAndAsYamsReadsIt() throws {
        try assertSame("""
            title: 关于2021年度就业创业补贴申领的公告
            date: 2021-03-15
            index_no: 11370305MB2859012X/2021-00012
            publisher: 临淄区就业服务中心
            doc_no: 临人社字〔2021〕12号
            written: 2021-03-10
            topics: [就业创业, 社会保险]
            validity: 有效
            expires: 2021-04-15
            draft: false
            privacy_exception: 已审核
            """, quickly: true)
        try assertSame("\(head)\ntopics: [工资福利]", quickly: true)
        try assertSame("\ndate: 2021-03-15\n\ntitle:   标题  \nindex_no: 11370305MB2859012X/2021-00012\n", quickly: true)
    }

    func testValuesThatLookSpecialButAreTextAreReadAlike() throws {
        for value in ["10:30会议", "C#语言", "a,b[c]{d}e", "他说\"好\"的", "http://example.com/x?y=1&z", "a\\b",
                      "\u{3000}标题\u{3000}", "\u{A0}标题", "标题😀𠀀", "~~", "a   b", "甲&乙*丙!", "为什么?因为", "12345"] {
            try assertSame("title: \(value)\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00012", quickly: true)
        }
        for topics in ["[]", "[ ]", "[a,b]", "[ a , b c ,  d ]", "[~, null, 1, true]", "就业 创业", "~", "", "null", "[a'b, c\"d]"] {
            try assertSame("\(head)\ntopics: \(topics)", quickly: true)
        }
        for optional in ["doc_no:", "publisher: ~", "written: null", "validity: NULL", "expires: Null", "draft: 否", "draft: yes"] {
            try assertSame("\(head)\n\(optional)", quickly: true)
        }
    }

    func testFormsItIsNotSureOfAreLeftToYams() throws {
        let forms = [
            "title: \"引号\"", "title: '引号'", "title: 行尾 # 注释", "# 注释\ntitle: 标题", "title: 第一行\n  第二行",
            "title : 标题", "title: -5度", "title: |\n  块", "title: &a 锚点", "title: *a", "title: !!str 标签",
            "title: %百分", "title: @某人", "title: `代码`", "title: ? 问", "title: 注意:", "title:\t标题", "title: 制\t表",
            " title: 缩进", "title: 控制\u{01}", "title: 删除\u{7F}", "title: 换\u{85}行", "title: 控\u{90}制",
            "title: 行\u{2028}分", "title: 内\u{FEFF}部", "title: 非\u{FFFE}", "Title: 大写", "title2: 数字",
            "title: 标题\ntitle: 重复", "title: {a: b}", "title: [a]",
        ]
        for form in forms {
            let lines = form + "\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00012"
            try assertSame(lines, quickly: false)
        }
        for topics in ["[a, ]", "[a,, b]", "[a: b]", "[a #c]", "[a, [b]]", "[-a]", "[\"a, b\"]", "[a] b", "[a, b", "{a: b}"] {
            try assertSame("\(head)\ntopics: \(topics)", quickly: false)
        }
        try assertSame("\(head)\ntopics:\n  - 甲\n  - 乙", quickly: false)
        try assertSame("\(head)\nattachments: []", quickly: false)
    }

    func testEveryFileWithAProblemIsLeftToYams() throws {
        let problems = [
            "titel: 拼错\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00012",
            "\(head)\nauthor: 某人",
            "date: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00012",
            "title: ~\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00012",
            "title:\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00012",
            "title: \u{3000}\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00012",
            "title: 标题\ndate: 2021-02-30\nindex_no: 11370305MB2859012X/2021-00012",
            "title: 标题\nindex_no: 11370305MB2859012X/2021-00012",
            "title: 标题\ndate: 2021-03-15",
            "title: 标题\ndate: 2021-03-15\nindex_no: 123",
            "title: 标题\ndate: 2021-03-15\nindex_no: ABC/2021-00001",
            "title: 标题\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2020-00012",
            "title: 标题\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00000",
            "\(head)\nvalidity: 有效的", "\(head)\ndraft: maybe", "\(head)\ndraft: [true]",
            "\(head)\nexpires: 2021-03-14", "\(head)\nwritten: 2021-03-16", "\(head)\nwritten: 2021-13-01",
            "\(head)\npublisher: [a]", "\(head)\ntopics: [a, b]\ntopics: [c]",
        ]
        for frontMatter in problems {
            let (quick, (_, diagnostics)) = try read(frontMatter)
            XCTAssertNil(quick, "read quickly: \(frontMatter)")
            XCTAssertFalse(diagnostics.isEmpty, "Yams finds no problem in: \(frontMatter)")
        }
    }

    /// Front matters put together from pieces YAML treats specially: whatever the quick reader
    /// accepts, Yams reads to the same item without a word.
    func testRandomFrontMattersFromAwkwardPiecesAreReadAlike() throws {
        let pieces = ["标题", "a", " ", "  ", ":", ": ", "#", " #", ",", "[", "]", "{", "}", "-", "?", "'", "\"", "~",
                      "null", "&", "*", "!", "|", ">", "%", "@", "`", "\t", "\u{3000}", "\u{A0}", "\u{85}", "\u{2028}",
                      "2021-03-15", "true", "否", "\\", "x:y", "𠀀"]
        let valid = [("title", "标题"), ("date", "2021-03-15"), ("index_no", "11370305MB2859012X/2021-00012"),
                     ("topics", "[a, b]"), ("draft", "false"), ("validity", "有效"), ("doc_no", "文号")]
        var random = SystemRandomNumberGenerator.Seeded(seed: 20260101)
        func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }
        var quick = 0
        for _ in 0..<4000 {
            // A valid front matter with one or two values spoilt by awkward pieces, before, after
            // or instead of the value, and sometimes a blank line.
            var lines = valid.map { "\($0.0): \($0.1)" }
            for _ in 0..<(1 + Int(random.next() % 2)) {
                let index = Int(random.next() % UInt64(valid.count))
                let (key, value) = valid[index]
                let junk = (0..<(1 + Int(random.next() % 2))).map { _ in pick(pieces) }.joined()
                let spoilt = pick([junk + value, value + junk, junk, value.prefix(1) + junk + value.dropFirst()])
                lines[index] = key + pick([": ", ":  ", ":", ": "]) + spoilt
            }
            if random.next() % 4 == 0 { lines.insert("", at: Int(random.next() % UInt64(lines.count + 1))) }
            let (read, (item, diagnostics)) = try self.read(lines.joined(separator: "\n"))
            if let read {
                quick += 1
                XCTAssertEqual(diagnostics, [], lines.joined(separator: "\n"))
                XCTAssertEqual(fields(read), fields(item), lines.joined(separator: "\n"))
            }
        }
        XCTAssertGreaterThan(quick, 300, "too few were read quickly to tell anything")
    }

    func testTheKeyLineIsTheFileLineYamsGives() throws {
        let (quick, (item, _)) = try read("\n\ntitle: 标题\n\ndate: 2021-03-15\nindex_no: 11370305MB2859012X/2021-00012")
        XCTAssertEqual(quick?.indexNoLine, 7)
        XCTAssertEqual(item?.indexNoLine, 7)
    }

    /// The default site's real items, read both ways.
    func testTheDefaultSitesItemsAreReadQuicklyAndAlike() throws {
        let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("content")
        var quick = 0, total = 0
        for folder in try FileManager.default.contentsOfDirectory(atPath: content.path)
        where !["pages", "annual-reports"].contains(folder) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: content.appendingPathComponent(folder).path)) ?? []
            for name in files where name.hasSuffix(".md") {
                let data = try Data(contentsOf: content.appendingPathComponent("\(folder)/\(name)"))
                let text = try SourceText.decode(data, file: name).get()
                let split = try FrontMatter.split(text, file: name).get()
                let yaml = split.yaml
                let (read, (item, diagnostics)) = try self.read(yaml, body: split.body)
                total += 1
                if let read {
                    quick += 1
                    XCTAssertEqual(diagnostics, [])
                    XCTAssertEqual(fields(read), fields(item), name)
                }
            }
        }
        XCTAssertGreaterThan(total, 10)
        // Those without attachments, that is nearly all.
        XCTAssertGreaterThan(quick, total * 3 / 4, "\(quick) of \(total) read quickly")
    }
}

extension SystemRandomNumberGenerator {
    /// A fixed sequence (splitmix64), so that a failure can be run again.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
