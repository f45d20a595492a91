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
        defer { for descriptor in Set(files.map(\.folderDescriptor)) where descriptor != AT_FDCWD { close(descriptor) } }
        var parsed = parallelMap(files) { file -> (Item?, [Diagnostic]) in
            let path = "content/\(file.category)/\(file.name)"
            guard let bytes = SourceText.readFile(file.openingPath, in: file.folderDescriptor) else {
                return (nil, [Diagnostic(file: path, zh: "无法读取文件", en: "cannot read the file")])
            }
            return bytes.withUnsafeBufferPointer { bytes in
                var (item, problems) = parseItem(bytes, file: file, path: path, config: config)
                item?.sourceHash = SourceHash.of(UnsafeRawBufferPointer(bytes))
                return (item, problems)
            }
        }
        var items: [Item] = []
        var failedItemURLs: Set<String> = []
        items.reserveCapacity(parsed.count)
        for index in parsed.indices {
            diagnostics += parsed[index].1
            // Moved out of the results, not copied: an item holds a score of references.
            if let item = parsed[index].0.take() {
                items.append(item)
            } else {
                let file = files[index]
                failedItemURLs.insert("/\(file.category)/\(file.name.dropLast(3))/")
            }
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

    /// One item file's item (nil when it has errors) and its problems, privacy findings included.
    private static func parseItem(_ bytes: UnsafeBufferPointer<UInt8>, file: ItemFile, path: String,
                                  config: SiteConfig) -> (Item?, [Diagnostic]) {
        let slug = String(file.name.dropLast(3))
        // Nearly every file is UTF-8 without a BOM or carriage returns: then its parts are read
        // straight from the bytes, and the whole text is never made into a string (see
        // `FrontMatter.split(bytes:)`). Anything else is decoded and split as the editor's
        // messages need.
        if let base = bytes.baseAddress, !bytes.starts(with: [0xEF, 0xBB, 0xBF]), memchr(base, 13, bytes.count) == nil,
           let split = FrontMatter.split(bytes: bytes) {
            var (item, problems) = ItemParser.parse(split, file: path, category: file.category, slug: slug,
                                                    folder: file.folder, config: config)
            if item?.privacyException == nil {
                problems += PrivacyScan.diagnostics(in: bytes, file: path)
                problems += attachmentPrivacyProblems(item, file: file)
            }
            return (item, problems)
        }
        switch SourceText.decode(UnsafeRawBufferPointer(bytes), file: path) {
        case .failure(let diagnostic): return (nil, [diagnostic])
        case .success(let text):
            var (item, problems) = ItemParser.parse(text: text, file: path, category: file.category, slug: slug,
                                                    folder: file.folder, config: config)
            if item?.privacyException == nil {
                problems += PrivacyScan.diagnostics(in: text, file: path)
                problems += attachmentPrivacyProblems(item, file: file)
            }
            return (item, problems)
        }
    }

    /// Personal data in an item's text attachments (CSV lists of names and ID numbers …).
    private static func attachmentPrivacyProblems(_ item: Item?, file: ItemFile) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for attachment in item?.attachments ?? [] where PrivacyScan.scansAttachment(attachment.file) {
            let url = file.folder.appendingPathComponent(attachment.file)
            if let data = FileManager.default.contents(atPath: url.path),
               case .success(let attachmentText) = SourceText.decode(data, file: "") {
                problems += PrivacyScan.diagnostics(in: attachmentText, file: "content/\(file.category)/\(attachment.file)")
            }
        }
        return problems
    }

    struct ItemFile: Sendable {
        let category: String
        let name: String
        /// The category folder (shared by its files: Foundation URLs are slow to make by the
        /// ten thousand).
        let folder: URL
        /// The category folder, open for reading its files by name (closed by `load`), or
        /// `AT_FDCWD` when it could not be opened.
        let folderDescriptor: Int32

        /// What `openat` opens the file by in `folderDescriptor`.
        var openingPath: String { folderDescriptor == AT_FDCWD ? folder.path + "/" + name : name }
    }

    /// The `.md` files of the category folders, in a stable order, and problems of the tree's layout.
    static func discoverItemFiles(contentURL: URL, config: SiteConfig) -> ([ItemFile], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [ItemFile] = []
        var openFolders = 0
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
            // Kept open while the items are read; a site of very many categories reads the rest
            // by path rather than hold a descriptor for each.
            let opened = openFolders < 64 && markdown.contains { !$0.isSymbolicLink }
                ? open(folderPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1
            if opened >= 0 { openFolders += 1 }
            for file in markdown {
                // Nothing outside content/ is read: a link to a file elsewhere is refused.
                if file.isSymbolicLink {
                    diagnostics.append(Diagnostic(
                        file: "content/\(name)/\(file.name)", zh: "信息文件不能是符号链接", en: "an item file cannot be a symbolic link",
                        hintZh: "把文件本身复制到栏目目录中。", hintEn: "Copy the file itself into the category folder."))
                    continue
                }
                files.append(ItemFile(category: name, name: file.name, folder: folder, folderDescriptor: opened >= 0 ? opened : AT_FDCWD))
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
        // Positions, not items, are collected: copying every `Item` into groups cost a retain
        // and a release for each of its fields, and nearly every group has one member.
        // Nearly every number has the site's prefix (another is an error already): those are told
        // apart by year and serial alone, an integer that is cheaper to hash than the text.
        let sitePrefix = items.first?.indexNo.prefix
        var first: [Int: Int] = [:]
        first.reserveCapacity(items.count)
        var firstOther: [IndexNumber: Int] = [:]
        var groups: [IndexNumber: [Int]] = [:]
        for index in items.indices {
            let number = items[index].indexNo
            let earlier: Int?
            if number.prefix == sitePrefix, (0..<100_000).contains(number.serial) {
                // Five-digit serials: year and serial make one number.
                let key = number.year * 100_000 + number.serial
                earlier = first[key]
                if earlier == nil { first[key] = index }
            } else {
                earlier = firstOther[number]
                if earlier == nil { firstOther[number] = index }
            }
            if let earlier { groups[number, default: [earlier]].append(index) }
        }
        var diagnostics: [Diagnostic] = []
        for (number, group) in groups {
            let paths = group.map { items[$0].sourcePath }.sorted()
            for item in group.map({ items[$0] }) {
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
