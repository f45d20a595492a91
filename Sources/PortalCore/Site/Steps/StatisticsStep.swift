/// `/statistics/`, each `/statistics/<year>/` and `/statistics/statistics.json`: counts computed
/// from the content. Also warns (in `build` and in `check`, which both run the steps) where an
/// annual report declares `published_items` that the content does not bear out.
struct StatisticsStep: BuildStep {
    func navigation(_ plan: BuildPlan) -> [PageChrome.Link] {
        [.init(name: "统计", url: StatisticsPages.section)]
    }

    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        StatisticsPages.paths(Self.statistics(plan))
    }

    func run(_ context: BuildContext) throws -> StepResult {
        let plan = context.plan
        let statistics = Self.statistics(plan)
        let pages = try StatisticsPages.write(statistics, reports: plan.reports, renderer: context.templates,
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
}
