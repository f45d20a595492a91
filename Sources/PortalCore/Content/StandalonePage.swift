import Foundation
import Yams

/// A page that is not a dated item (政府信息公开指南, 制度, 联系方式): `content/pages/<slug>.md`,
/// published at `/<slug>/`.
public struct StandalonePage: Sendable {
    public let slug: String
    public let title: String
    /// Listed in the main navigation.
    public let nav: Bool
    /// A shorter name for the navigation (`nav_title`), when the title is long.
    public let navTitle: String?
    /// Position in the navigation (smaller first; pages without one come last, by slug).
    public let order: Int?
    /// Shown on the page as 更新日期.
    public let updated: PlainDate?
    public let body: String
    public let bodyLine: Int
    /// `content/pages/guide.md`
    public let sourcePath: String

    public var url: String { URLLayout.page(slug) }

    /// `content/pages/guide.md` is the 政府信息公开指南 (条例第十二条): home links it prominently
    /// and items of the `catalog` category (主动公开基本目录) link back to it.
    public static let guideSlug = "guide"
    /// The category whose items link back to the guide.
    public static let guideLinkingCategory = "catalog"

    /// `{title, url}` for templates.
    var link: [String: String] { ["title": title, "url": url] }

    static let knownKeys = ["title", "nav", "nav_title", "order", "updated"]

    /// Navigation order: by `order`, then by slug.
    static func navigationOrder(_ a: StandalonePage, _ b: StandalonePage) -> Bool {
        switch (a.order, b.order) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.slug < b.slug
        }
    }
}

/// Reads `content/pages/`.
enum StandalonePageLoader {
    static let folder = "pages"

    static func load(files: SiteFiles, config: SiteConfig) -> ([StandalonePage], [Diagnostic]) {
        let (pages, _, diagnostics) = loadKeepingErrors(files: files, config: config)
        return (pages, diagnostics)
    }

    /// `load`, with what is known of the pages that have errors: their links are checked, and
    /// links to them are not dead links (see `ItemInError`).
    static func loadKeepingErrors(files: SiteFiles, config: SiteConfig) -> ([StandalonePage], [ItemInError], [Diagnostic]) {
        // Links and special files are reported by `SiteFiles`; only plain files are pages.
        let names = (files.entries(of: "content/\(folder)") ?? []).filter { $0.kind == .file && $0.name.hasSuffix(".md") }.map(\.name)
        var pages: [StandalonePage] = []
        var inError: [ItemInError] = []
        var diagnostics: [Diagnostic] = []
        let categories = Set(config.categories.map(\.slug))
        for name in names {
            let path = "content/\(folder)/\(name)"
            let slug = String(name.dropLast(3))
            var slugProblem = false
            // A name that is only `.md` or starts with a dot is said as such, not as a bad slug.
            let nameProblems = FileNameRules.pageFileProblems(name: name)
            if !nameProblems.isEmpty {
                diagnostics += nameProblems
                slugProblem = true
            } else if !SiteConfig.isValidSlug(slug) {
                diagnostics.append(Diagnostic(
                    file: path, zh: "页面文件名“\(slug)”只能包含小写英文字母、数字和“-”",
                    en: "the page name “\(slug)” may contain only lower-case letters, digits and “-”",
                    hintZh: "例如 guide.md、contact.md", hintEn: "For example guide.md or contact.md"))
                slugProblem = true
            }
            if categories.contains(slug) {
                diagnostics.append(Diagnostic(
                    file: path, zh: "页面地址 /\(slug)/ 与栏目“\(config.category(slug: slug)?.name ?? slug)”冲突",
                    en: "the page address /\(slug)/ collides with the category “\(slug)”",
                    hintZh: "给页面文件换一个名字，例如 \(slug)-guide.md。", hintEn: "Rename the page file, e.g. \(slug)-guide.md."))
                slugProblem = true
            }
            if SiteConfig.reservedSlugs.contains(slug) {
                diagnostics.append(Diagnostic(
                    file: path, zh: "页面地址 /\(slug)/ 是网站保留路径", en: "the page address /\(slug)/ is a reserved path of the site",
                    hintZh: "保留路径：\(SiteConfig.reservedSlugs.sorted().joined(separator: "、"))；请给页面文件换一个名字。",
                    hintEn: "Reserved: \(SiteConfig.reservedSlugs.sorted().joined(separator: ", ")); rename the page file."))
                slugProblem = true
            }
            let data: Data
            switch files.read(path) {
            case .bytes(let bytes): data = Data(bytes)
            case .missing: continue  // removed while the site was read
            case .failed(let problem): diagnostics.append(problem); continue
            }
            let text: String
            switch SourceText.decode(data, file: path) {
            case .failure(let diagnostic): diagnostics.append(diagnostic); continue
            case .success(let value): text = value
            }
            let (page, problems) = parse(text: text, file: path, slug: slug)
            diagnostics += problems
            diagnostics += PrivacyScan.diagnostics(in: text, file: path)
            if let page, !slugProblem {
                pages.append(page)
            } else if !slugProblem {
                inError.append(ItemInError.salvage(path: path, category: folder, slug: slug, url: URLLayout.page(slug), files: files))
            }
        }
        return (pages, inError, diagnostics)
    }

    static func parse(text: String, file: String, slug: String) -> (StandalonePage?, [Diagnostic]) {
        if SourceText.isBlank(text) {
            return (nil, [Diagnostic(file: file, zh: "文件是空的", en: "the file is empty",
                                     hintZh: "写入前置信息和正文，或删除这个文件。", hintEn: "Write the front matter and the body, or delete the file.")])
        }
        let split: FrontMatter
        switch FrontMatter.split(text, file: file) {
        case .success(let value): split = value
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        // Every YAML mistake of the page, and its other fields read despite them.
        let (fieldsOrNil, problems) = split.readFields(file: file)
        guard let fields = fieldsOrNil else { return (nil, problems) }
        fields.rejectUnknownKeys(allowed: StandalonePage.knownKeys)
        let title = fields.string("title", required: true, example: "title: 政府信息公开指南")
        let nav = fields.bool("nav") ?? false
        let navTitle = fields.string("nav_title")
        let order = fields.int("order")
        let updated = fields.date("updated")
        guard let title, !fields.diagnostics.contains(where: \.isError) else { return (nil, fields.diagnostics) }
        return (StandalonePage(slug: slug, title: title, nav: nav, navTitle: navTitle, order: order, updated: updated,
                               body: split.body, bodyLine: split.bodyLine, sourcePath: file), fields.diagnostics)
    }
}
