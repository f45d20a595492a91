/// `/statistics/`, each `/statistics/<year>/` and `/statistics/statistics.json`: counts computed
/// from the content. Also warns (in `build` and in `check`, which both run the steps) where an
/// annual report declares `published_items` that the content does not bear out.
struct StatisticsStep: BuildStep {
    func navigation(_ plan: BuildPlan) -> [PageChrome.Link] {
        [.init(name: "统计", url: StatisticsPages.section)]
    }

    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        StatisticsPages.paths(ContentStatistics(content: plan.content, today: plan.today))
    }

    func run(_ context: BuildContext) throws -> StepResult {
        let plan = context.plan
        let statistics = ContentStatistics(content: plan.content, today: plan.today)
        let pages = try StatisticsPages.write(statistics, reports: plan.content.reports, renderer: context.templates,
                                              chrome: context.chrome, output: context.output)
        return StepResult(pages: pages, diagnostics: DeclaredComparison.warnings(statistics, reports: plan.content.reports))
    }
}
