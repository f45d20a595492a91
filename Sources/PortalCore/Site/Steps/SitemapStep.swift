import Foundation

/// `/sitemap.xml` (a sitemap index past 50,000 pages) and `/robots.txt`.
///
/// The pages are what the other steps say they write (`producedPaths`), so a new kind of page is
/// listed without touching this step. Runs last in `BuildSteps.all`.
struct SitemapStep: BuildStep {
    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        Set(Sitemap.filePaths(pageCount: pages(plan).count) + [Sitemap.robotsPath])
    }

    func run(_ context: BuildContext) throws -> StepResult {
        let base = context.plan.config.baseURL
        // Every path of the build is in the link checker's list already: listing them again for
        // the sitemap cost as much as writing it on a big site. (Item files with errors are in
        // that list too, but then nothing is published.)
        let pages = listed(context.linkChecker.producedPaths, context.plan)
        for file in Sitemap.files(pages: pages, base: base) {
            try context.output.write(Data(file.xml.utf8), to: OutputFolder.file(forURLPath: file.path))
        }
        try context.output.write(Data(Sitemap.robots(base: base).utf8),
                                 to: OutputFolder.file(forURLPath: Sitemap.robotsPath))
        return StepResult(pages: 0)
    }

    /// Every HTML page of the other steps, with the item's or report's date as its last change.
    func pages(_ plan: BuildPlan) -> [Sitemap.Page] {
        var paths: Set<String> = []
        for step in BuildSteps.all where !(step is SitemapStep) { paths.formUnion(step.producedPaths(plan)) }
        return listed(paths, plan)
    }

    /// The listed pages among `paths`, each with its last change.
    private func listed(_ paths: Set<String>, _ plan: BuildPlan) -> [Sitemap.Page] {
        var lastModified: [String: PlainDate] = [:]
        for item in plan.published { lastModified[item.url] = item.date }
        for report in plan.content.reports { lastModified[report.url] = report.date }
        return paths.filter(Sitemap.isListedPage).map { Sitemap.Page(path: $0, lastModified: lastModified[$0]) }
    }
}
