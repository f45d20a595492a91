import Foundation

/// The build pipeline: load and validate everything → render every page into a staging folder →
/// swap it in. Nothing is published unless the whole run is free of errors; all errors of the run
/// are reported together.
public enum SiteBuilder {
    /// Everything a build needs, loaded and validated.
    public struct LoadedSite: Sendable {
        public let content: SiteContent
        public let templates: TemplateRenderer
    }

    /// Loads content and templates; the diagnostics hold every problem found (errors and warnings).
    public static func load(_ options: BuildOptions) -> (LoadedSite?, [Diagnostic]) {
        let (content, contentProblems) = ContentLoader.load(siteRoot: options.siteRoot)
        var diagnostics = contentProblems
        var templates: TemplateRenderer?
        switch TemplateRenderer.load(from: options.siteRoot.appendingPathComponent("templates")) {
        case .success(let renderer): templates = renderer
        case .failure(let error): diagnostics += error.diagnostics
        }
        guard let content, let templates, !diagnostics.contains(where: \.isError) else { return (nil, diagnostics) }
        return (LoadedSite(content: content, templates: templates), diagnostics)
    }

    /// Builds the site into `options.output`. Throws `DiagnosticsError` with every problem when the
    /// content is invalid; the output is then left exactly as it was.
    @discardableResult
    public static func build(_ options: BuildOptions) throws -> BuildSummary {
        let started = Date()
        let (loaded, loadProblems) = load(options)
        guard let loaded else { throw DiagnosticsError(loadProblems) }

        let atomic = AtomicOutput(output: options.output)
        let staging = try atomic.makeStagingFolder()
        do {
            let (pageCount, published, renderProblems) = try render(loaded, today: options.today, into: OutputFolder(root: staging))
            let diagnostics = loadProblems + renderProblems
            if diagnostics.contains(where: \.isError) { throw DiagnosticsError(diagnostics) }
            try atomic.publish(staging)
            return BuildSummary(pageCount: pageCount, publishedItems: published,
                                warnings: diagnostics, seconds: Date().timeIntervalSince(started))
        } catch {
            atomic.discard(staging)
            throw error
        }
    }

    /// Every validation `build` does, writing nothing: loads, then renders every page into an
    /// output that discards writes, so that broken links and template problems are found too.
    public static func check(_ options: BuildOptions) -> [Diagnostic] {
        let (loaded, loadProblems) = load(options)
        guard let loaded else { return loadProblems }
        do {
            let (_, _, renderProblems) = try render(loaded, today: options.today, into: .discarding)
            return loadProblems + renderProblems
        } catch let error as DiagnosticsError {
            return loadProblems + error.diagnostics
        } catch {
            return loadProblems + [Diagnostic(file: nil, zh: "检查失败：\(error)", en: "the check failed: \(error)")]
        }
    }

    /// Renders every page into `output`. Returns the page count, the number of published items and
    /// the problems found while rendering (broken links).
    static func render(_ site: LoadedSite, today: PlainDate, into output: OutputFolder) throws -> (Int, Int, [Diagnostic]) {
        let config = site.content.config
        let published = site.content.items.filter { $0.isPublished(on: today) }.sorted(by: Item.newestFirst)
        var byCategory: [String: [Item]] = [:]
        for item in published { byCategory[item.category, default: []].append(item) }

        let stylesheet = try writeAssets(from: site, into: output)
        let chrome = PageChrome(config: config, stylesheet: stylesheet, extraNavigation: [
            .init(name: "年度报告", url: AnnualReportPages.section),
        ])
        let templates = site.templates

        // Every path the build will produce, for the link checker.
        var produced: Set<String> = ["/", "/404.html", stylesheet]
        for category in config.categories {
            let pagination = Pagination(itemCount: byCategory[category.slug]?.count ?? 0, pageSize: config.pageSize)
            for page in 1...pagination.pageCount { produced.insert(Pagination.url(base: "/\(category.slug)/", page: page)) }
        }
        produced.insert(AnnualReportPages.section)
        for report in site.content.reports {
            produced.formUnion([report.url, report.statisticsJSONURL, report.statisticsCSVURL])
        }
        for item in published {
            produced.insert(item.url)
            for attachment in item.attachments { produced.insert(item.url + attachment.file) }
        }
        let checker = LinkChecker(producedPaths: produced)
        let categories = Dictionary(uniqueKeysWithValues: config.categories.map { ($0.slug, $0) })
        let contentRoot = site.content.contentRoot

        // Item pages: the bulk of the work, rendered and written in parallel.
        let itemResults = parallelMap(published) { item -> Result<[Diagnostic], Error> in
            Result {
                let markdown = MarkdownRenderer.render(item.body)
                let problems = checker.check(markdown.links, pageURL: item.url, file: item.sourcePath, bodyLine: item.bodyLine)
                let context = ItemPage.context(item, bodyHTML: markdown.html, category: categories[item.category]!, chrome: chrome)
                try output.writePage(try templates.render("item", context), at: item.url)
                for attachment in item.attachments {
                    let source = contentRoot.appendingPathComponent(item.category).appendingPathComponent(attachment.file)
                    try output.copy(from: source, to: OutputFolder.file(forURLPath: item.url + attachment.file))
                }
                return problems
            }
        }
        var diagnostics: [Diagnostic] = []
        for result in itemResults { diagnostics += try result.get() }
        for report in site.content.reports {
            for (markdown, line) in [(report.narrative.opening, report.narrative.openingLine),
                                     (report.narrative.closing, report.narrative.closingLine)] {
                diagnostics += checker.check(MarkdownRenderer.render(markdown).links, pageURL: report.url,
                                             file: report.indexFile, bodyLine: line)
            }
        }
        var pageCount = published.count

        // Category indexes.
        for category in config.categories {
            let items = byCategory[category.slug] ?? []
            let pagination = Pagination(itemCount: items.count, pageSize: config.pageSize)
            for page in 1...pagination.pageCount {
                let context = CategoryPage.context(category: category, items: items[pagination.range(ofPage: page)],
                                                   totalCount: items.count, page: page, pagination: pagination, chrome: chrome)
                try output.writePage(try templates.render("category", context),
                                     at: Pagination.url(base: "/\(category.slug)/", page: page))
                pageCount += 1
            }
        }

        try AnnualReportPages.write(site.content.reports, renderer: templates, chrome: chrome, output: output)
        pageCount += 1 + site.content.reports.count

        let home = HomePage.context(config: config, byCategory: byCategory, latest: published,
                                    reports: AnnualReportPages.listing(site.content.reports), chrome: chrome)
        try output.writePage(try templates.render("home", home), at: "/")
        let notFound = chrome.context(title: "页面不存在", section: nil, breadcrumbs: [], page: [:])
        try output.writePage(try templates.render("404", notFound), at: "/404.html")
        pageCount += 2
        return (pageCount, published.count, diagnostics)
    }

    /// Copies `templates/assets/` to `/assets/`, naming CSS and JS by a hash of their content.
    /// Returns the URL path of `style.css`.
    static func writeAssets(from site: LoadedSite, into output: OutputFolder) throws -> String {
        let assets = site.content.siteRoot.appendingPathComponent("templates/assets")
        var stylesheet = "/assets/style.css"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: assets.path)) ?? []).sorted()
        for name in files where !name.hasPrefix(".") {
            // Nothing outside templates/ is read: links to files elsewhere are skipped.
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: assets.appendingPathComponent(name).path)) != nil { continue }
            guard let data = FileManager.default.contents(atPath: assets.appendingPathComponent(name).path) else { continue }
            let ext = (name as NSString).pathExtension
            var published = name
            if ext == "css" || ext == "js" {
                published = "\((name as NSString).deletingPathExtension).\(Fingerprint.hex(data)).\(ext)"
            }
            try output.write(data, to: "assets/\(published)")
            if name == "style.css" { stylesheet = "/assets/\(published)" }
        }
        return stylesheet
    }
}
