/// `/statistics/`, each `/statistics/<year>/` and `/statistics/statistics.json`: counts computed
/// from the content. Also warns (in `build` and in `check`, which both run the steps) where an
/// annual report declares `published_items` that the content does not bear out.
struct StatisticsStep: BuildStep {
    func navigation(_ plan: BuildPlan) -> [PageChrome.Link] {
        [.init(name: "统计", url: URLLayout.statistics)]
    }

    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        StatisticsPage.paths(Self.statistics(plan))
    }

    func run(_ context: BuildContext) throws -> StepResult {
        let plan = context.plan
        let statistics = Self.statistics(plan)
        let pages = try Self.write(statistics, reports: plan.reports, renderer: context.templates,
                                              chrome: context.chrome, output: context.output)
        // The warnings are for editors (`check`, preview), who hear about a report still to come too.
        let checked = plan.reports.count == plan.content.reports.count
            ? statistics : ContentStatistics(content: plan.content, today: plan.today)
        let warnings = DeclaredComparison.warnings(checked, reports: plan.content.reports)
        return StepResult(pages: pages, diagnostics: warnings)
    }

    /// The published statistics: the years of the published reports only, whose figures they show
    /// (and, before `statistics_from`, whose declared figures stand in for the count).
    private static func statistics(_ plan: BuildPlan) -> ContentStatistics {
        ContentStatistics(items: plan.content.items, categories: plan.config.categories, today: plan.today,
                          reports: plan.reports, statisticsFrom: plan.config.statisticsFrom)
    }

    /// Writes the overview, a page per year and the JSON. Returns the number of pages written.
    static func write(_ statistics: ContentStatistics, reports: [AnnualReport], renderer: TemplateRenderer,
                      chrome: PageChrome, output: OutputFolder) throws -> Int {
        try output.writePage(try renderer.render("statistics", StatisticsPage.overviewContext(statistics, reports: reports, chrome: chrome)),
                             at: URLLayout.statistics)
        let reportsByYear = Dictionary(reports.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
        for counts in statistics.years {
            let page = StatisticsPage.yearContext(counts, statistics: statistics, report: reportsByYear[counts.year], chrome: chrome)
            try output.writePage(try renderer.render("statistics-year", page), at: URLLayout.statistics(year: counts.year))
        }
        try output.write(try StatisticsJSON.data(statistics), to: URLLayout.relative(URLLayout.statisticsJSON))
        return 1 + statistics.years.count
    }
}
