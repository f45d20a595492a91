import Foundation

/// `/sitemap.xml` (a sitemap index past 50,000 pages) and `/robots.txt`.
///
/// The pages are what the other steps say they write (`producedPaths`), so a new kind of page is
/// listed without touching this step. Runs last in `BuildSteps.all`.
struct SitemapStep: BuildStep {
    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        Set(Sitemap.filePaths(pageCount: pageCount(plan)) + [URLLayout.robots])
    }

    func run(_ context: BuildContext) throws -> StepResult {
        let base = context.plan.config.baseURL
        // Every path of the build is in the link checker's list already: listing them again for
        // the sitemap cost as much as writing it on a big site. (Item files with errors are in
        // that list too, but then nothing is published.)
        let pages = listed(context.linkChecker.producedPaths, context.plan)
        // The same pages with the same dates (and the same binary, templates and site.yaml: the
        // salt) make the same files: then they are linked from the live version, and the XML is
        // not even put together.
        let key = Self.key(pages, salt: context.salt)
        var files: [(path: String, xml: String)]?
        for (index, path) in Sitemap.filePaths(pageCount: pages.count).enumerated() {
            var fileKey = ContentHash(key)
            fileKey.combine(path)
            try context.output.writePage(at: path, key: fileKey.value) {
                if files == nil { files = Sitemap.files(pages: pages, base: base) }
                return Data(files![index].xml.utf8)
            }
        }
        try context.output.write(Data(Sitemap.robots(base: base).utf8),
                                 to: OutputFolder.file(forURLPath: URLLayout.robots))
        return StepResult(pages: 0)
    }

    /// How many pages the sitemap lists, as far as the number of its files goes: the other steps'
    /// pages are counted without putting their paths together in one set first, which is needed
    /// only when the count passes the limit of one file (a path two steps both write would be
    /// counted twice, and the files are the same up to the limit).
    private func pageCount(_ plan: BuildPlan) -> Int {
        var pathSets: [Set<String>] = []
        var total = 0
        for step in BuildSteps.all where !(step is SitemapStep) {
            let paths = plan.producedPaths(of: step)
            total += paths.count(where: Sitemap.isListedPage)
            pathSets.append(paths)
        }
        if total <= Sitemap.urlLimit { return total }
        var union: Set<String> = []
        for paths in pathSets { union.formUnion(paths) }
        return union.count(where: Sitemap.isListedPage)
    }

    /// The listed pages among `paths`, each with its last change: the item's or report's date.
    private func listed(_ paths: Set<String>, _ plan: BuildPlan) -> [Sitemap.Page] {
        var lastModified: [String: PlainDate] = [:]
        lastModified.reserveCapacity(plan.published.count + plan.reports.count)
        for item in plan.published { lastModified[item.url] = item.date }
        for report in plan.reports { lastModified[report.url] = report.date }
        var pages: [Sitemap.Page] = []
        pages.reserveCapacity(paths.count)
        for path in paths where Sitemap.isListedPage(path) {
            pages.append(Sitemap.Page(path: path, lastModified: lastModified[path]))
        }
        return pages
    }

    /// What the sitemap files are made of, in no particular order: the pages come from a set,
    /// and sorting them only to make a key would cost as much as the key saves. Each page's own
    /// hash (wyhash, well mixed) is added up, so the order does not matter and a changed, added
    /// or removed page changes the sum.
    static func key(_ pages: [Sitemap.Page], salt: UInt64) -> UInt64 {
        var sum: UInt64 = 0
        for page in pages {
            let day = page.lastModified.map { UInt64($0.dayNumber) } ?? 0
            var path = page.path
            sum &+= path.withUTF8 { SourceHash.of(UnsafeRawBufferPointer($0), seed: day) }
        }
        var key = ContentHash(salt)
        key.combine("sitemap")
        key.combine(pages.count)
        key.combine(sum)
        return key.value
    }
}
