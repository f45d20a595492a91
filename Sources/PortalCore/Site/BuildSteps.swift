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
