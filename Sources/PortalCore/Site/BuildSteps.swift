/// The build, in order: the table of contents of what `portal build` writes.
enum BuildSteps {
    static let all: [any BuildStep] = [
        ItemPagesStep(),
        CategoryIndexStep(),
        StandalonePagesStep(),
        AnnualReportsStep(),
        StatisticsStep(),
        SearchStep(),
        HomePageStep(),
        NotFoundPageStep(),
        FeedStep(),
        SitemapStep(),   // keep last: it lists the pages of every step above
    ]
}

extension BuildSteps {
    /// What the progress line (`BuildProgress`) calls each step. Kept here, beside the list,
    /// rather than in each step: a step says what it writes, this says what people read.
    static func label(of step: any BuildStep) -> StepLabel {
        switch step {
        case is ItemPagesStep: StepLabel(zh: "生成信息页面", en: "Item pages")
        case is CategoryIndexStep: StepLabel(zh: "生成栏目列表", en: "Category lists")
        case is StandalonePagesStep: StepLabel(zh: "生成单页", en: "Standalone pages")
        case is AnnualReportsStep: StepLabel(zh: "生成年度报告", en: "Annual reports")
        case is StatisticsStep: StepLabel(zh: "生成统计", en: "Statistics")
        case is SearchStep: StepLabel(zh: "生成搜索索引", en: "Search index")
        case is HomePageStep: StepLabel(zh: "生成首页", en: "Home page")
        case is NotFoundPageStep: StepLabel(zh: "生成 404 页面", en: "404 page")
        case is FeedStep: StepLabel(zh: "生成订阅源", en: "Feed")
        case is SitemapStep: StepLabel(zh: "生成网站地图", en: "Sitemap")
        default: StepLabel(zh: "生成页面", en: "\(type(of: step))")
        }
    }

    /// How many parts of `step` the progress line counts (zero: the step is shown by name only).
    /// Only the item pages are many and alike enough to count.
    static func progressTotal(of step: any BuildStep, _ plan: BuildPlan) -> Int {
        step is ItemPagesStep ? plan.published.count : 0
    }
}
