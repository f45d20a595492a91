import Foundation

/// `/<category>/<slug>/` for every published item, with its attachments beside it. The bulk of the
/// work: rendered and written in parallel.
struct ItemPagesStep: BuildStep {
    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        var paths: Set<String> = []
        for item in plan.published {
            paths.insert(item.url)
            for attachment in item.attachments { paths.insert(item.url + attachment.file) }
            // Pictures beside the item are copied beside its page (a missing one is not: its
            // link is then reported dead).
            for name in plan.media[item.url]?.produced ?? [] { paths.insert(item.url + name) }
        }
        return paths
    }

    func run(_ context: BuildContext) throws -> StepResult {
        let categories = Dictionary(uniqueKeysWithValues: context.plan.config.categories.map { ($0.slug, $0) })
        let files = context.plan.content.files
        let guide = context.plan.content.pages.first { $0.slug == StandalonePage.guideSlug }?.link
        let results = parallelMap(context.plan.published) { item -> Result<[Diagnostic], Error> in
            Result {
                let shownGuide = item.category == StandalonePage.guideLinkingCategory ? guide : nil
                var key = ContentHash(context.salt)
                key.combine("item")
                key.combine(item.sourcePath)
                key.combine(item.sourceHash)
                // The page shows each attachment's size, read from the attachment itself.
                for attachment in item.attachments {
                    key.combine(attachment.file)
                    key.combine(attachment.size)
                }
                key.combine(item.related.cacheKey)
                // Pictures: the page holds each one's width and height, read from the picture.
                let media = context.plan.media[item.url] ?? ItemMedia()
                for (name, dimensions) in media.shown.sorted(by: { $0.key < $1.key }) {
                    key.combine(name)
                    key.combine(dimensions.map { "\($0.width)x\($0.height)" } ?? "?")
                }
                key.combine(shownGuide.map { ($0["title"] ?? "") + "\u{1F}" + ($0["url"] ?? "") } ?? "")
                let file = OutputFolder.file(forURLPath: item.url)
                var problems = media.diagnostics
                if let note = context.output.cache?.reuseWithNote(file, key: key.value),
                   let links = MarkdownLink.fromCacheNote(note) {
                    // Unchanged since the live version: its links are checked against today's site.
                    problems += context.linkChecker.check(links, pageURL: item.url, file: item.sourcePath, bodyLine: item.bodyLine)
                } else {
                    // The search index takes the body's plain text from this parse (`portal check`
                    // builds no index: nothing to keep).
                    let markdown = MarkdownRenderer.renderUTF8(item.body, images: media.shown,
                                                               plainText: !context.output.discardsWrites)
                    if let text = markdown.plainText { context.plan.plainTexts.keep(text, for: item.url) }
                    problems += context.linkChecker.check(markdown.links, pageURL: item.url,
                                                         file: item.sourcePath, bodyLine: item.bodyLine)
                    // Only the preview renders drafts; templates can mark them 草稿 with {{#draft}}.
                    let page = ItemPage.values(item, bodyHTML: markdown.html, category: categories[item.category]!,
                                               chrome: context.chrome, draft: item.draft, guide: shownGuide)
                    try context.output.writePage(try context.templates.render("item", page), at: item.url, level: .fast)
                    if let note = MarkdownLink.cacheNote(markdown.links) {
                        context.output.cache?.record(file, key: key.value, note: note)
                    }
                }
                for attachment in item.attachments {
                    try context.output.copyKeepingUnchanged("content/\(item.category)/\(attachment.file)", from: files,
                                                            to: OutputFolder.file(forURLPath: item.url + attachment.file),
                                                            salt: context.salt)
                }
                let attachmentNames = Set(item.attachments.map(\.file))
                for name in media.copied where !attachmentNames.contains(name) {
                    try context.output.copyKeepingUnchanged("content/\(item.category)/\(name)", from: files,
                                                            to: OutputFolder.file(forURLPath: item.url + name),
                                                            salt: context.salt)
                }
                context.progress?.advance()
                return problems
            }
        }
        var diagnostics: [Diagnostic] = []
        for result in results { diagnostics += try result.get() }
        return StepResult(pages: results.count, diagnostics: diagnostics)
    }
}

/// The pictures and pasted HTML of an item's body, as the build checks them on every build
/// (cached page or not, so that a problem never shows on one build only).
struct ItemMedia: Sendable {
    /// Destination as written → size, for every picture beside the item that the page shows.
    var shown: [String: ImageDimensions?] = [:]
    /// File names to copy beside the page.
    var copied: [String] = []
    /// File names of pictures that exist beside the item, whose addresses the link checker
    /// counts as produced (a name with a problem among them: that problem is reported, not a
    /// dead link as well).
    var produced: Set<String> = []
    var diagnostics: [Diagnostic] = []
}

extension ItemPagesStep {
    /// Whether a body may hold a picture or pasted HTML: only such bodies are surveyed (most do
    /// not: then nothing is parsed for them).
    static func mayHoldMedia(_ body: String) -> Bool {
        mayShowImages(body) || containsBytes(body, UInt8(ascii: "<"))
    }

    static func mayShowImages(_ body: String) -> Bool { containsBytes(body, UInt8(ascii: "!"), followedBy: UInt8(ascii: "[")) }

    /// Whether `text` holds `first` (followed by `second`, when given), on its UTF-8 bytes with
    /// `memchr`: Foundation's `String.contains(_:)` compares Unicode-aware and cost a 10,000-item
    /// build half a second for two questions per item.
    static func containsBytes(_ text: String, _ first: UInt8, followedBy second: UInt8? = nil) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard var base = bytes.baseAddress else { return false }
            var remaining = bytes.count
            while remaining > 0, let found = memchr(base, Int32(first), remaining) {
                let hit = found.assumingMemoryBound(to: UInt8.self)
                let offset = UnsafePointer(hit) - base
                guard let second else { return true }
                if offset + 1 < remaining, hit[1] == second { return true }
                base = UnsafePointer(hit) + 1
                remaining -= offset + 1
            }
            return false
        }
    }

    /// The file name an image destination names beside the item (`图.png`, `./图.png`), or nil
    /// for a path elsewhere on the site or another host.
    static func besideName(_ destination: String) -> String? {
        var name = destination.trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("./") { name.removeFirst(2) }
        guard !name.isEmpty, !name.contains("/"), !name.contains(":"), !name.hasPrefix("#") else { return nil }
        return name.removingPercentEncoding ?? name
    }

    static func isShowable(_ name: String) -> Bool {
        ImageHeader.extensions.contains((name as NSString).pathExtension.lowercased())
    }

    static func media(of item: Item, files: SiteFiles) -> ItemMedia {
        var media = ItemMedia()
        let survey = MarkdownRenderer.survey(item.body)
        for image in survey.images {
            let line = item.bodyLine + image.line - 1
            if image.alt.trimmingCharacters(in: .whitespaces).isEmpty {
                media.diagnostics.append(Diagnostic(
                    file: item.sourcePath, line: line,
                    zh: "图片“\(image.destination)”没有替代文本",
                    en: "the picture “\(image.destination)” has no text alternative",
                    hintZh: "在方括号中写明图片内容，例如 ![2021年工作会议现场](\(image.destination))；读屏软件读的就是这段文字（GB/T 37668）。",
                    hintEn: "Say what the picture shows between the brackets, e.g. ![2021 work meeting](\(image.destination)); screen readers read this text (GB/T 37668)."))
            }
            guard let name = besideName(image.destination) else { continue }
            let fileExtension = (name as NSString).pathExtension.lowercased()
            guard isShowable(name) else {
                media.diagnostics.append(Diagnostic(
                    file: item.sourcePath, line: line,
                    zh: "图片“\(name)”的类型\(fileExtension.isEmpty ? "" : " .\(fileExtension) ")不能显示在正文中",
                    en: "the picture “\(name)” is of a type\(fileExtension.isEmpty ? "" : " (.\(fileExtension))") a body cannot show",
                    hintZh: "正文图片只能是 PNG、JPG（JPEG）、GIF 或 WebP；SVG 可能带有脚本，请另存为 PNG。其他文件请作为附件列在 attachments 中，用链接 [说明](文件名) 指向它。",
                    hintEn: "A body shows PNG, JPG (JPEG), GIF or WebP pictures only; an SVG can carry script: save it as PNG. List other files under attachments and link to them with [text](file)."))
                continue
            }
            let nameProblems = FileNameRules.attachmentProblems(file: name)
            for var problem in nameProblems {
                problem.file = item.sourcePath
                problem.line = line
                media.diagnostics.append(problem)
            }
            let path = "content/\(item.category)/\(name)"
            if files.kind(of: path) == .file { media.produced.insert(name) }
            // A missing picture is left to the link check: its URL is not produced, and the dead
            // link says so with the file and line.
            guard nameProblems.isEmpty, files.kind(of: path) == .file, media.shown[image.destination] == nil else { continue }
            let dimensions = files.readPrefix(path, limit: ImageHeader.readLimit).flatMap(ImageHeader.dimensions)
            media.shown[image.destination] = dimensions
            if dimensions == nil {
                // Still shown (a browser may manage), but without a size the page moves as it
                // loads, and the file may not be what its name says.
                media.diagnostics.append(Diagnostic(
                    .warning, file: item.sourcePath, line: line,
                    zh: "读不出图片“\(name)”的尺寸：文件可能已损坏，或内容与扩展名 .\(fileExtension) 不符",
                    en: "cannot read the size of the picture “\(name)”: the file may be damaged, or not the .\(fileExtension) its name says",
                    hintZh: "用看图软件打开并重新另存为 PNG 或 JPG，再用新文件替换。",
                    hintEn: "Open it in an image viewer, save it again as PNG or JPG, and replace the file."))
            }
            if !media.copied.contains(name) { media.copied.append(name) }
        }
        // `survey` keeps one use per tag and line already.
        for use in survey.rawHTML {
            media.diagnostics.append(rawHTMLWarning(use, file: item.sourcePath, line: item.bodyLine + use.line - 1))
        }
        return media
    }

    /// A warning for pasted HTML, saying what to write in Markdown instead.
    static func rawHTMLWarning(_ use: RawHTMLUse, file: String, line: Int) -> Diagnostic {
        let shown = use.tag.isEmpty ? "HTML" : "<\(use.tag)>"
        let instead: (zh: String, en: String)
        switch use.tag {
        case "table", "tr", "td", "th", "thead", "tbody":
            instead = ("表格请用竖线表格：| 列一 | 列二 |，下一行 | --- | --- |，再逐行写数据。",
                       "Write a table as a pipe table: | col 1 | col 2 |, then | --- | --- |, then one line per row.")
        case "h1", "h2", "h3", "h4", "h5", "h6":
            instead = ("标题请在行首写 ## 和一个空格，例如 ## 一、工作概况。", "Write a heading as ## and a space at the start of the line, e.g. ## 一、工作概况.")
        case "b", "strong", "em", "i":
            instead = ("加粗请用两个星号包围文字：**重要**。", "Write bold text between two asterisks: **重要**.")
        case "br", "p", "div":
            instead = ("分段请在两段之间空一行。", "Start a new paragraph with a blank line.")
        case "a":
            instead = ("链接请写成 [文字](网址)。", "Write a link as [text](address).")
        case "img":
            instead = ("图片请放在 .md 文件旁边，写成 ![说明](文件名)。", "Put the picture beside the .md file and write ![description](file name).")
        default:
            instead = ("请改用 Markdown 书写（见编辑指南）。", "Write it in Markdown instead (see the editing guide).")
        }
        return Diagnostic(
            .warning, file: file, line: line,
            zh: "正文中粘贴的 \(shown) 不会显示在页面上（出于安全不输出原始 HTML）",
            en: "the pasted \(shown) in the body is not shown on the page (raw HTML is never passed through, for safety)",
            hintZh: instead.zh, hintEn: instead.en)
    }
}

extension MarkdownLink {
    /// An item page's links as the incremental build records them with the page (`BuildCache`):
    /// line, image flag and destination, links separated by U+001F. Nil when a destination holds
    /// a character the record cannot keep (the page is then simply not cached).
    static func cacheNote(_ links: [MarkdownLink]) -> String? {
        var parts: [String] = []
        for link in links {
            if link.destination.unicodeScalars.contains(where: { $0.value < 0x20 }) { return nil }
            parts.append("\(link.line) \(link.isImage ? 1 : 0) \(link.destination)")
        }
        return parts.joined(separator: "\u{1F}")
    }

    static func fromCacheNote(_ note: String) -> [MarkdownLink]? {
        if note.isEmpty { return [] }
        var links: [MarkdownLink] = []
        for part in note.split(separator: "\u{1F}", omittingEmptySubsequences: false) {
            let fields = part.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let line = Int(fields[0]) else { return nil }
            links.append(MarkdownLink(destination: String(fields[2]), line: line, isImage: fields[1] == "1"))
        }
        return links
    }
}
