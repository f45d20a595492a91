import Foundation

/// Everything read from `content/` that the pages are built from.
public struct SiteContent: Sendable {
    public let config: SiteConfig
    /// Every item that parsed, drafts and expired ones included (statistics need them).
    public let items: [Item]
    /// 政府信息公开工作年度报告, oldest first.
    public let reports: [AnnualReport]
    /// Standalone pages (`content/pages/`), in navigation order.
    public var pages: [StandalonePage] = []
    /// Pages of items whose files have errors (reported already); links to them are not broken links.
    public var failedItemURLs: Set<String> = []
    /// The site root (holding `content/` and `templates/`).
    public let siteRoot: URL
    public var contentRoot: URL { siteRoot.appendingPathComponent("content") }
}

/// Reads `content/`: `site.yaml`, the category folders and the annual reports. Reads nothing
/// outside `content/`, and reports every problem of the whole tree together.
public enum ContentLoader {
    /// Folders in `content/` that are not categories.
    static let specialFolders: Set<String> = ["annual-reports", "pages"]

    public static func load(siteRoot: URL) -> (SiteContent?, [Diagnostic]) {
        let contentURL = siteRoot.appendingPathComponent("content")
        let configURL = contentURL.appendingPathComponent(SiteConfig.fileName)
        let configPath = "content/\(SiteConfig.fileName)"
        guard let data = FileManager.default.contents(atPath: configURL.path) else {
            return (nil, [Diagnostic(file: configPath, zh: "找不到网站配置文件 content/site.yaml",
                                     en: "the site configuration content/site.yaml is missing",
                                     hintZh: "确认 --source 指向的目录下有 content/site.yaml。",
                                     hintEn: "Check that the folder named by --source holds content/site.yaml.")])
        }
        let config: SiteConfig
        var diagnostics: [Diagnostic] = []
        switch SourceText.decode(data, file: configPath) {
        case .failure(let diagnostic): return (nil, [diagnostic])
        case .success(let text):
            switch SiteConfig.parse(text, file: configPath) {
            case .success(let value): config = value
            case .failure(let error): return (nil, error.diagnostics)
            }
        }

        let (files, layoutProblems) = discoverItemFiles(contentURL: contentURL, config: config)
        diagnostics += layoutProblems
        let parsed = parallelMap(files) { file -> (Item?, [Diagnostic]) in
            let path = "content/\(file.category)/\(file.name)"
            guard let data = FileManager.default.contents(atPath: file.path) else {
                return (nil, [Diagnostic(file: path, zh: "无法读取文件", en: "cannot read the file")])
            }
            switch SourceText.decode(data, file: path) {
            case .failure(let diagnostic): return (nil, [diagnostic])
            case .success(let text):
                let folder = file.folder
                var (item, problems) = ItemParser.parse(text: text, file: path, category: file.category,
                                                        slug: String(file.name.dropLast(3)), folder: folder, config: config)
                var hash = ContentHash()
                hash.combine(data)
                item?.sourceHash = hash.value
                if item?.privacyException == nil {
                    problems += PrivacyScan.diagnostics(in: text, file: path)
                    for attachment in item?.attachments ?? [] where PrivacyScan.scansAttachment(attachment.file) {
                        let url = folder.appendingPathComponent(attachment.file)
                        if let data = FileManager.default.contents(atPath: url.path),
                           case .success(let attachmentText) = SourceText.decode(data, file: "") {
                            problems += PrivacyScan.diagnostics(in: attachmentText, file: "content/\(file.category)/\(attachment.file)")
                        }
                    }
                }
                return (item, problems)
            }
        }
        var items: [Item] = []
        var failedItemURLs: Set<String> = []
        items.reserveCapacity(parsed.count)
        for ((item, problems), file) in zip(parsed, files) {
            diagnostics += problems
            if let item { items.append(item) } else { failedItemURLs.insert("/\(file.category)/\(file.name.dropLast(3))/") }
        }
        diagnostics += duplicateIndexNumbers(items)

        let (reports, reportProblems) = AnnualReportLoader.load(siteRoot: siteRoot, config: config)
        diagnostics += reportProblems
        let (pages, pageProblems) = StandalonePageLoader.load(contentURL: contentURL, config: config)
        diagnostics += pageProblems

        var content = SiteContent(config: config, items: items, reports: reports.sorted { $0.year < $1.year }, siteRoot: siteRoot)
        content.failedItemURLs = failedItemURLs
        content.pages = pages.sorted(by: StandalonePage.navigationOrder)
        return (content, diagnostics)
    }

    struct ItemFile: Sendable {
        let category: String
        let name: String
        /// The category folder (shared by its files: Foundation URLs are slow to make by the
        /// ten thousand).
        let folder: URL
        let path: String

        init(category: String, name: String, folder: URL, folderPath: String) {
            self.category = category
            self.name = name
            self.folder = folder
            self.path = folderPath + "/" + name
        }
    }

    /// The `.md` files of the category folders, in a stable order, and problems of the tree's layout.
    static func discoverItemFiles(contentURL: URL, config: SiteConfig) -> ([ItemFile], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [ItemFile] = []
        let categorySlugs = Set(config.categories.map(\.slug))
        for entry in DirectoryEntry.list(contentURL.path) where !entry.name.hasPrefix(".") {
            let name = entry.name
            if !entry.isDirectory {
                if name.hasSuffix(".md") {
                    diagnostics.append(Diagnostic(
                        file: "content/\(name)", zh: "信息文件必须放在栏目目录中", en: "an item must be inside a category folder",
                        hintZh: "移到 content/<栏目目录>/ 下，可用栏目：\(config.categories.map(\.slug).joined(separator: ", "))",
                        hintEn: "Move it into content/<category>/; categories: \(config.categories.map(\.slug).joined(separator: ", "))"))
                }
                continue
            }
            if specialFolders.contains(name) { continue }
            let folder = contentURL.appendingPathComponent(name)
            let folderPath = folder.path
            let children = DirectoryEntry.list(folderPath)
            let markdown = children.filter { $0.name.hasSuffix(".md") }
            guard categorySlugs.contains(name) else {
                if !markdown.isEmpty {
                    let suggestion = Spelling.closest(to: name, among: Array(categorySlugs))
                    for file in markdown {
                        diagnostics.append(Diagnostic(
                            file: "content/\(name)/\(file.name)",
                            zh: "目录“\(name)”不是 site.yaml 中配置的栏目", en: "the folder “\(name)” is not a category configured in site.yaml",
                            hintZh: suggestion.map { "是否应放在 content/\($0)/？" } ?? "可用栏目：\(config.categories.map(\.slug).joined(separator: ", "))；或在 site.yaml 的 categories 中添加该栏目。",
                            hintEn: suggestion.map { "Did you mean content/\($0)/?" } ?? "Categories: \(config.categories.map(\.slug).joined(separator: ", ")); or add it to categories in site.yaml."))
                    }
                }
                continue
            }
            for file in markdown {
                // Nothing outside content/ is read: a link to a file elsewhere is refused.
                if file.isSymbolicLink {
                    diagnostics.append(Diagnostic(
                        file: "content/\(name)/\(file.name)", zh: "信息文件不能是符号链接", en: "an item file cannot be a symbolic link",
                        hintZh: "把文件本身复制到栏目目录中。", hintEn: "Copy the file itself into the category folder."))
                    continue
                }
                files.append(ItemFile(category: name, name: file.name, folder: folder, folderPath: folderPath))
            }
            // Sub-folders are not read: an item's slug is its file name in the category folder.
            for sub in children where !sub.name.hasPrefix(".") && sub.isDirectory {
                diagnostics.append(Diagnostic(
                    .warning, file: "content/\(name)/\(sub.name)",
                    zh: "栏目目录下的子目录不会被发布", en: "sub-folders of a category folder are not published",
                    hintZh: "把信息文件和附件直接放在栏目目录中。", hintEn: "Put items and attachments directly in the category folder."))
            }
        }
        return (files, diagnostics)
    }

    /// 索引号 must be unique across the whole site, drafts included: both files are named.
    static func duplicateIndexNumbers(_ items: [Item]) -> [Diagnostic] {
        var byNumber: [IndexNumber: [Item]] = [:]
        for item in items { byNumber[item.indexNo, default: []].append(item) }
        var diagnostics: [Diagnostic] = []
        for (number, group) in byNumber where group.count > 1 {
            let paths = group.map(\.sourcePath).sorted()
            for item in group {
                let others = paths.filter { $0 != item.sourcePath }.joined(separator: ", ")
                diagnostics.append(Diagnostic(
                    file: item.sourcePath, line: item.indexNoLine,
                    zh: "索引号 \(number) 重复，另见：\(others)", en: "index number \(number) is used more than once; also in: \(others)",
                    hintZh: "每条信息的索引号必须唯一；请改用本年度下一个未使用的流水号。",
                    hintEn: "Each item needs its own index number; use the next free serial of the year."))
            }
        }
        return diagnostics
    }
}
