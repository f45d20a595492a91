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
    /// What is still known of those items (and of standalone pages with errors), for the checks
    /// their errors leave possible.
    public var itemsInError: [ItemInError] = []
    /// Pages of standalone pages and annual reports whose files have errors (reported already):
    /// links to them are not broken links either.
    public var otherURLsInError: Set<String> = []
    /// The one door to the site's files (`content/` and `templates/`), for what is read later
    /// (attachments, assets).
    public let files: SiteFiles
    /// The site root (holding `content/` and `templates/`).
    public var siteRoot: URL { files.root }
    public var contentRoot: URL { siteRoot.appendingPathComponent("content") }
}

/// Reads `content/`: `site.yaml`, the category folders and the annual reports. Reads nothing
/// outside `content/`, and reports every problem of the whole tree together.
public enum ContentLoader {
    /// Folders in `content/` that are not categories.
    static let specialFolders: Set<String> = ["annual-reports", "pages"]

    public static func load(siteRoot: URL) -> (SiteContent?, [Diagnostic]) {
        load(files: SiteFiles(siteRoot: siteRoot))
    }

    /// Reads `content/` through `files` (the one door to the site's files: no link is followed,
    /// no special file read, every unreadable file an error).
    public static func load(files siteFiles: SiteFiles) -> (SiteContent?, [Diagnostic]) {
        // Links, special files and unreadable folders anywhere in content/: all of them, whatever else fails.
        var diagnostics = siteFiles.problems(in: "content")
        guard let config = loadConfig(siteFiles, diagnostics: &diagnostics) else { return (nil, diagnostics) }

        let (files, layoutProblems) = discoverItemFiles(siteFiles, config: config)
        diagnostics += layoutProblems
        defer { for descriptor in Set(files.map(\.folderDescriptor)) where descriptor != AT_FDCWD { close(descriptor) } }
        var parsed = parallelMap(files) { file -> (Item?, [Diagnostic]) in
            let path = "content/\(file.category)/\(file.name)"
            let bytes: [UInt8]
            if file.folderDescriptor == AT_FDCWD {
                switch siteFiles.read(path) {
                case .bytes(let read): bytes = read
                case .missing: return (nil, [ReadFailure(code: ENOENT).diagnostic(path)])
                case .failed(let problem): return (nil, [problem])
                }
            } else {
                switch SiteFiles.readFile(named: file.name, in: file.folderDescriptor) {
                case .success(let read): bytes = read
                case .failure(let failure): return (nil, [failure.diagnostic(path)])
                }
            }
            return bytes.withUnsafeBufferPointer { bytes in
                var (item, problems) = parseItem(bytes, file: file, path: path, config: config, siteFiles: siteFiles)
                item?.sourceHash = SourceHash.of(UnsafeRawBufferPointer(bytes))
                return (item, problems)
            }
        }
        var items: [Item] = []
        var failedItemURLs: Set<String> = []
        var itemsInError: [ItemInError] = []
        items.reserveCapacity(parsed.count)
        for index in parsed.indices {
            diagnostics += parsed[index].1
            // Moved out of the results, not copied: an item holds a score of references.
            if let item = parsed[index].0.take() {
                items.append(item)
            } else {
                let file = files[index]
                failedItemURLs.insert(URLLayout.item(category: file.category, slug: String(file.name.dropLast(3))))
                // Its errors hide none of its other mistakes (see `ItemInError`).
                let salvaged = ItemInError.salvage(path: "content/\(file.category)/\(file.name)", category: file.category,
                                                   slug: String(file.name.dropLast(3)), files: siteFiles)
                diagnostics += PrivacyScan.attachmentDiagnostics(salvaged.attachmentsToScan, folder: "content/\(file.category)",
                                                                 itemPath: salvaged.sourcePath, files: siteFiles)
                itemsInError.append(salvaged)
            }
        }
        diagnostics += DuplicateIndexNumbers.among(items)
        diagnostics += DuplicateIndexNumbers.among(itemsInError, items: items)

        let (reports, reportProblems) = AnnualReportLoader.load(files: siteFiles, config: config)
        diagnostics += reportProblems
        diagnostics += duplicateIndexNumbers(reports: reports, items: items)
        let (pages, pagesInError, pageProblems) = StandalonePageLoader.loadKeepingErrors(files: siteFiles, config: config)
        diagnostics += pageProblems

        var content = SiteContent(config: config, items: items, reports: reports.sorted { $0.year < $1.year }, files: siteFiles)
        content.failedItemURLs = failedItemURLs
        content.itemsInError = itemsInError + pagesInError
        // A link to a page with errors is no dead link: the page's own errors are the message.
        // (Not among `failedItemURLs`: `portal new` reads those as item files.)
        content.otherURLsInError = Set(pagesInError.map(\.url) + reportURLsInError(siteFiles, loaded: reports))
        content.pages = pages.sorted(by: StandalonePage.navigationOrder)
        return (content, diagnostics)
    }

    /// One item file's item (nil when it has errors) and its problems, privacy findings included.
    private static func parseItem(_ bytes: UnsafeBufferPointer<UInt8>, file: ItemFile, path: String,
                                  config: SiteConfig, siteFiles: SiteFiles) -> (Item?, [Diagnostic]) {
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
                problems += attachmentPrivacyProblems(item, file: file, siteFiles: siteFiles)
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
                problems += attachmentPrivacyProblems(item, file: file, siteFiles: siteFiles)
            }
            return (item, problems)
        }
    }

    /// Personal data in an item's attachments (CSV lists of names and ID numbers …).
    private static func attachmentPrivacyProblems(_ item: Item?, file: ItemFile, siteFiles: SiteFiles) -> [Diagnostic] {
        PrivacyScan.attachmentDiagnostics((item?.attachments ?? []).map(\.file), folder: "content/\(file.category)",
                                          itemPath: "content/\(file.category)/\(file.name)", files: siteFiles)
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
    }

    /// The `.md` files of the category folders, in a stable order, and problems of the tree's layout.
    /// Links and special files are not among them (`SiteFiles` reports those).
    static func discoverItemFiles(_ siteFiles: SiteFiles, config: SiteConfig) -> ([ItemFile], [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [ItemFile] = []
        var openFolders = 0
        let contentURL = siteFiles.root.appendingPathComponent("content")
        let categorySlugs = Set(config.categories.map(\.slug))
        for entry in siteFiles.entries(of: "content") ?? [] where !entry.name.hasPrefix(".") {
            let name = entry.name
            if entry.kind != .folder {
                if entry.kind == .file, name.hasSuffix(".md") {
                    diagnostics.append(Diagnostic(
                        file: "content/\(name)", zh: "信息文件必须放在栏目目录中", en: "an item must be inside a category folder",
                        hintZh: "移到 content/<栏目目录>/ 下，可用栏目：\(config.categories.map(\.slug).joined(separator: ", "))",
                        hintEn: "Move it into content/<category>/; categories: \(config.categories.map(\.slug).joined(separator: ", "))"))
                }
                continue
            }
            if specialFolders.contains(name) { continue }
            let folder = contentURL.appendingPathComponent(name)
            let folderPath = "content/\(name)"
            // nil: the folder could not be read, which `SiteFiles` reports.
            guard let children = siteFiles.entries(of: folderPath) else { continue }
            let markdown = children.filter { $0.kind == .file && $0.name.hasSuffix(".md") }
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
            // by path rather than hold a descriptor for each. Opened without following links.
            let opened = openFolders < 64 && !markdown.isEmpty ? siteFiles.openFolder(folderPath) : -1
            if opened >= 0 { openFolders += 1 }
            for file in markdown {
                // A name that is no safe address (`..md`, `a#b.md`, a tab, `index.html.md`) is
                // refused, not published under a URL no browser can follow.
                let nameProblems = FileNameRules.itemFileProblems(name: file.name, category: name)
                if !nameProblems.isEmpty {
                    diagnostics += nameProblems
                    continue
                }
                files.append(ItemFile(category: name, name: file.name, folder: folder, folderDescriptor: opened >= 0 ? opened : AT_FDCWD))
            }
            // Sub-folders are not read: an item's slug is its file name in the category folder.
            for sub in children where !sub.name.hasPrefix(".") && sub.kind == .folder {
                diagnostics.append(Diagnostic(
                    .warning, file: "content/\(name)/\(sub.name)",
                    zh: "栏目目录下的子目录不会被发布", en: "sub-folders of a category folder are not published",
                    hintZh: "把信息文件和附件直接放在栏目目录中。", hintEn: "Put items and attachments directly in the category folder."))
            }
        }
        return (files, diagnostics)
    }

    /// A report's 索引号 shares the one space of the site with the items': a report's number used
    /// by an item or by another report is an error in each file, naming the others.
    static func duplicateIndexNumbers(reports: [AnnualReport], items: [Item]) -> [Diagnostic] {
        let numbered = reports.filter { $0.indexNo != nil }
        // Nearly every site: no report has a number, and the items are not looked at.
        guard !numbered.isEmpty else { return [] }
        var holders: [IndexNumber: [(file: String, line: Int?, isReport: Bool)]] = [:]
        for report in numbered { holders[report.indexNo!, default: []].append((report.indexFile, report.indexNoLine, true)) }
        for item in items where holders[item.indexNo] != nil {
            holders[item.indexNo]!.append((item.sourcePath, item.indexNoLine, false))
        }
        var diagnostics: [Diagnostic] = []
        for (number, group) in holders.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            let paths = group.map(\.file).sorted()
            for holder in group {
                // Two items sharing the number are told so by `DuplicateIndexNumbers` already.
                if !holder.isReport && group.filter({ $0.isReport }).isEmpty { continue }
                let others = paths.filter { $0 != holder.file }.joined(separator: ", ")
                diagnostics.append(Diagnostic(
                    file: holder.file, line: holder.line,
                    zh: "索引号 \(number) 重复，另见：\(others)（年度报告与信息共用同一套索引号）",
                    en: "index number \(number) is used more than once; also in: \(others) (annual reports and items share one set of index numbers)",
                    hintZh: "改用该年度下一个未使用的流水号（portal new 会跳过已用的号）。",
                    hintEn: "Use the next free serial of the year (portal new skips the numbers in use)."))
            }
        }
        return diagnostics
    }

    /// `content/site.yaml`, read, decoded, scanned for private numbers (the site's contacts are
    /// published on every page) and parsed; nil, with the reasons in `diagnostics`, when it cannot be.
    private static func loadConfig(_ siteFiles: SiteFiles, diagnostics: inout [Diagnostic]) -> SiteConfig? {
        let configPath = "content/\(SiteConfig.fileName)"
        let data: Data
        switch siteFiles.read(configPath) {
        case .bytes(let bytes): data = Data(bytes)
        case .failed(let problem):
            diagnostics = diagnostics.filter { $0.file != configPath } + [problem]
            return nil
        case .missing:
            diagnostics.append(Diagnostic(file: configPath, zh: "找不到网站配置文件 content/site.yaml",
                                          en: "the site configuration content/site.yaml is missing",
                                          hintZh: "确认 --source 指向的目录下有 content/site.yaml。",
                                          hintEn: "Check that the folder named by --source holds content/site.yaml."))
            return nil
        }
        switch SourceText.decode(data, file: configPath) {
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        case .success(let text):
            diagnostics += PrivacyScan.diagnostics(in: text, file: configPath)
            switch SiteConfig.parse(text, file: configPath) {
            case .success(let value): return value
            case .failure(let error):
                diagnostics += error.diagnostics
                return nil
            }
        }
    }

    /// The pages of annual-report folders that did not load (their errors are reported): a link
    /// to such a report or to its data is no dead link.
    static func reportURLsInError(_ files: SiteFiles, loaded: [AnnualReport]) -> [String] {
        let years = Set(loaded.map { String($0.year) })
        let folders = (files.entries(of: "content/annual-reports") ?? []).filter { $0.kind == .folder && !years.contains($0.name) }
        return folders.flatMap { folder -> [String] in
            [URLLayout.annualReport(year: folder.name), URLLayout.annualReportJSON(year: folder.name),
             URLLayout.annualReportCSV(year: folder.name)]
        }
    }
}
