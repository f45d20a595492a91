import Foundation

/// `portal new <category> "<title>"`: a new item file with its front matter filled in — the
/// next free 索引号 of the year, the date, the agency as 发布机构 — so that the editor only writes
/// the body.
///
/// The file is `content/<category>/<YYYY-MM-DD>-<serial>.md`: ASCII (titles are Chinese and there
/// is no pinyin to transliterate them), stable (the 索引号 never changes, so neither does the URL)
/// and sorted by date in any file list.
public enum ItemScaffold {
    /// What `portal new` asks for.
    public struct Request: Sendable {
        /// A category slug (`meetings`) or its Chinese name (`部门会议`).
        public var category: String
        public var title: String
        /// 发布日期.
        public var date: PlainDate
        /// Write `draft: true`: the default, so that the placeholder body never reaches readers
        /// before the editor has written the text and deleted that line.
        public var draft: Bool

        public init(category: String, title: String, date: PlainDate, draft: Bool = true) {
            self.category = category
            self.title = title
            self.date = date
            self.draft = draft
        }
    }

    /// What was written.
    public struct Created: Sendable {
        /// Relative to the site root: `content/meetings/2021-03-15-00028.md`.
        public let path: String
        public let indexNumber: IndexNumber
        public let category: Category
    }

    /// The placeholder body: says where the text goes (`ItemParser.newItemPlaceholder`, which
    /// refuses it in an item that is not a draft).
    static var bodyPlaceholder: String { ItemParser.newItemPlaceholder }

    /// Writes the new item below `siteRoot`. Throws the reasons it cannot (unknown category, empty
    /// title, a file already there, a site.yaml that does not load) and writes nothing then.
    public static func create(_ request: Request, siteRoot: URL) throws(DiagnosticsError) -> Created {
        let title = request.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else {
            throw DiagnosticsError([Diagnostic(
                file: nil, zh: "标题不能为空", en: "the title cannot be empty",
                hintZh: "例如：portal new meetings \"某某局召开2021年第1次局务会议\"",
                hintEn: "For example: portal new meetings \"某某局召开2021年第1次局务会议\"")])
        }
        let content = try loadContent(siteRoot: siteRoot)
        let category = try resolveCategory(request.category, config: content.config)
        let number = try IndexNumberAllocator.next(year: request.date.year, content: content)
        let path = "content/\(category.slug)/\(fileName(date: request.date, serial: number.serial))"
        let text = text(title: title, date: request.date, indexNumber: number,
                        publisher: content.config.agency, draft: request.draft)
        try NewFile.write(text, to: siteRoot.appendingPathComponent(path), displayPath: path)
        return Created(path: path, indexNumber: number, category: category)
    }

    /// After `draft: true` in a new file.
    static let draftComment = "# 草稿：正文写好、核对无误后删去这一行，信息才会发布"

    /// `2021-03-15-00028.md`
    public static func fileName(date: PlainDate, serial: Int) -> String {
        String(format: "%@-%05d.md", date.iso, serial)
    }

    /// The whole file: front matter, then the placeholder body.
    public static func text(title: String, date: PlainDate, indexNumber: IndexNumber, publisher: String, draft: Bool) -> String {
        var lines = [
            "---",
            "title: \(YAMLScalar.doubleQuoted(title))",
            "date: \(date.iso)",
            "index_no: \(indexNumber)",
            "publisher: \(YAMLScalar.plainIfSafe(publisher))",
        ]
        // The comment says what to do, where the editor looks: the file itself.
        if draft { lines.append("draft: true  \(draftComment)") }
        lines += ["---", bodyPlaceholder, ""]
        return lines.joined(separator: "\n")
    }

    /// The category named by a slug or by its Chinese name; an unknown one is refused with the
    /// list of the site's categories.
    public static func resolveCategory(_ name: String, config: SiteConfig) throws(DiagnosticsError) -> Category {
        if let category = config.category(slug: name) ?? config.categories.first(where: { $0.name == name }) {
            return category
        }
        let list = config.categories.map { "\($0.slug)（\($0.name)）" }.joined(separator: "、")
        let listEn = config.categories.map { "\($0.slug) (\($0.name))" }.joined(separator: ", ")
        let suggestion = Spelling.closestEntry(to: name, among: config.categories.map { ($0.slug, $0.name) })
            .flatMap(config.category(slug:))
        throw DiagnosticsError([Diagnostic(
            file: "content/\(SiteConfig.fileName)",
            zh: "没有名为“\(name)”的栏目。可用栏目：\(list)",
            en: "there is no category “\(name)”. Categories: \(listEn)",
            hintZh: suggestion.map { "是否想写 \($0.slug)（\($0.name)）？" } ?? "写栏目的英文目录名或中文名称；栏目在 content/site.yaml 的 categories 中配置。",
            hintEn: suggestion.map { "Did you mean \($0.slug) (\($0.name))?" } ?? "Give a category's slug or its Chinese name; categories are configured in content/site.yaml.")])
    }

    /// The site's content, even when some items have errors (their serials still count); only a
    /// site.yaml that does not load stops `new`.
    static func loadContent(siteRoot: URL) throws(DiagnosticsError) -> SiteContent {
        let (content, problems) = ContentLoader.load(siteRoot: siteRoot)
        guard let content else { throw DiagnosticsError(problems.filter(\.isError)) }
        return content
    }
}
