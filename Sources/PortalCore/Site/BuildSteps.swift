import Foundation

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

/// Work on the finished staging folder, after every page is written and before it is published
/// (for example compressed siblings for nginx's gzip_static).
protocol OutputFinisher: Sendable {
    func finish(_ folder: URL) throws
}

enum OutputFinishers {
    static let all: [any OutputFinisher] = []
}
