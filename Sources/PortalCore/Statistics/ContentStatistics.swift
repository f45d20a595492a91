/// The statistics of proactive disclosure computed from the content itself, so that the figures of
/// an annual report (“主动公开政府信息276篇，其中部门会议10篇……”) need not be counted by hand.
///
/// The rule (CONTENT.md): an item counts in the year of its 发布日期 (`date`). Drafts never count.
/// Expired items do — they were disclosed that year, even if they have left the site since. Items
/// dated after today do not: they have not been disclosed yet.
public struct ContentStatistics: Sendable {
    /// The configured categories, in navigation order: the order of every listing.
    public let categories: [Category]
    /// The day the counts are taken on.
    public let today: PlainDate
    /// Every year with counted items or an annual report, oldest first.
    public let years: [YearCounts]
    /// `statistics_from`: years before it take a report's declared figures when it has them.
    public let statisticsFrom: Int?

    /// Whether `item` counts on `today`.
    public static func counts(_ item: Item, on today: PlainDate) -> Bool {
        !item.draft && item.date <= today
    }

    /// - Parameters:
    ///   - items: every item, drafts and expired ones included (`SiteContent.items`).
    ///   - alsoYears: years to list even without items (those of the annual reports), so that a
    ///     report's declared figures always have counted ones to stand beside.
    ///   - statisticsFrom: `statistics_from`; nil counts every year from the content.
    ///   - declared: the reports' `published_items` by year. A year before `statisticsFrom` that has
    ///     them shows them instead of its (partial) count; a year without them is still counted,
    ///     as there is nothing better to show.
    public init(items: [Item], categories: [Category], today: PlainDate, alsoYears: [Int] = [],
                statisticsFrom: Int? = nil, declared: [Int: PublishedItems] = [:]) {
        self.categories = categories
        self.today = today
        self.statisticsFrom = statisticsFrom
        var byYear: [Int: YearCounts] = [:]
        for year in alsoYears where year <= today.year {
            byYear[year] = YearCounts(year: year, categories: categories)
        }
        for item in items where Self.counts(item, on: today) {
            byYear[item.date.year, default: YearCounts(year: item.date.year, categories: categories)]
                .add(category: item.category, date: item.date)
        }
        if let statisticsFrom {
            for (year, published) in declared where year < statisticsFrom && year <= today.year {
                byYear[year] = .declared(year: year, published)
            }
        }
        years = byYear.values.sorted { $0.year < $1.year }
    }

    /// The statistics of a loaded site: its items, plus the years of its annual reports, whose
    /// declared figures stand in for the years before `statistics_from`.
    public init(content: SiteContent, today: PlainDate) {
        self.init(items: content.items, categories: content.config.categories, today: today,
                  reports: content.reports, statisticsFrom: content.config.statisticsFrom)
    }

    /// The statistics of `items` beside `reports` (every report, or only the published ones).
    public init(items: [Item], categories: [Category], today: PlainDate, reports: [AnnualReport], statisticsFrom: Int?) {
        var declared: [Int: PublishedItems] = [:]
        for report in reports {
            if let published = report.statistics?.publishedItems { declared[report.year] = published }
        }
        self.init(items: items, categories: categories, today: today, alsoYears: reports.map(\.year),
                  statisticsFrom: statisticsFrom, declared: declared)
    }

    /// Whether `year` is counted from the content (so a report's differing figure is worth a
    /// warning), rather than taken from before `statistics_from`.
    public func isCounted(_ year: Int) -> Bool {
        statisticsFrom.map { year >= $0 } ?? true
    }

    /// One year's counts; a year without items is all zeros.
    public func counts(of year: Int) -> YearCounts {
        years.first { $0.year == year } ?? YearCounts(year: year, categories: categories)
    }

    /// Whether `year` is still running on `today`, so its counts are not final.
    public func isIncomplete(_ year: Int) -> Bool {
        year >= today.year
    }
}
