/// `/`: latest items, a block per category, the annual reports.
struct HomePageStep: BuildStep {
    func producedPaths(_ plan: BuildPlan) -> Set<String> { [URLLayout.home] }

    func run(_ context: BuildContext) throws -> StepResult {
        let plan = context.plan
        var home = HomePage.context(config: plan.config, byCategory: plan.byCategory, latest: plan.published,
                                    reports: AnnualReportPage.listing(plan.reports), chrome: context.chrome)
        if let guide = plan.content.pages.first(where: { $0.slug == StandalonePage.guideSlug }) { home["guide"] = guide.link }
        try context.output.writePage(try context.templates.render("home", home), at: URLLayout.home)
        return StepResult(pages: 1)
    }
}

/// `/404.html`, which nginx serves for every miss.
struct NotFoundPageStep: BuildStep {
    func producedPaths(_ plan: BuildPlan) -> Set<String> { [URLLayout.notFound] }

    func run(_ context: BuildContext) throws -> StepResult {
        let page = context.chrome.context(title: "页面不存在", section: nil, breadcrumbs: [], page: [:])
        try context.output.writePage(try context.templates.render("404", page), at: URLLayout.notFound)
        return StepResult(pages: 1)
    }
}
