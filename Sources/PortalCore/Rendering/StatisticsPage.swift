/// The statistics pages: `/statistics/` (the overview across years), `/statistics/<year>/` (one
/// year by category and by month, beside the report's declared figures) and
/// `/statistics/statistics.json` (`StatisticsStep` writes them).
public enum StatisticsPage {
    public static let overviewTitle = "政府信息公开统计"

    public static func yearTitle(_ year: Int) -> String { "\(year)年主动公开政府信息统计" }

    /// Every URL path the pages take.
    public static func paths(_ statistics: ContentStatistics) -> Set<String> {
        var paths: Set<String> = [URLLayout.statistics, URLLayout.statisticsJSON]
        for counts in statistics.years { paths.insert(URLLayout.statistics(year: counts.year)) }
        return paths
    }

    // MARK: Overview

    /// Context of `statistics.mustache` (the keys are listed at the top of the template).
    static func overviewContext(_ statistics: ContentStatistics, reports: [AnnualReport], chrome: PageChrome) -> [String: Any] {
        let years = statistics.years
        var page: [String: Any] = [
            "heading": overviewTitle,
            "counted_through": statistics.today.chinese,
            "counted_through_iso": statistics.today.iso,
            "json_url": URLLayout.statisticsJSON,
            "has_years": !years.isEmpty,
            "years": years.map { counts -> [String: Any] in
                ["year": String(counts.year), "url": URLLayout.statistics(year: counts.year), "total": counts.total,
                 "is_incomplete": statistics.isIncomplete(counts.year), "is_declared": counts.isDeclared]
            },
            "category_rows": statistics.categories.map { category -> [String: Any] in
                ["name": category.name, "url": URLLayout.category(category.slug),
                 "counts": years.map { ["value": $0.knows(category: category.slug) ? String($0[category: category.slug]) : "—"] }]
            },
            "totals": years.map { ["value": $0.total] },
            "has_declared_years": years.contains(where: \.isDeclared),
        ]
        if !years.isEmpty {
            page["years_chart_svg"] = BarChart(
                id: "chart-years", title: "各年度主动公开政府信息数量",
                summary: "各年度主动公开政府信息数量：" + years.map { "\($0.year)年\($0.total)篇" }.joined(separator: "，") + "。",
                orientation: .columns, bars: years.map { .init(label: String($0.year), count: $0.total) }).svg()
        }
        if years.count >= 2 {
            // One small chart per category: how each moved over the years, without a colour legend.
            page["category_charts"] = statistics.categories.map { category -> [String: Any] in
                let chart = BarChart(
                    id: "chart-category-\(category.slug)", title: "\(category.name)：各年度主动公开信息数量",
                    summary: "\(category.name)各年度主动公开信息数量："
                        + years.map { "\($0.year)年" + ($0.knows(category: category.slug) ? "\($0[category: category.slug])篇" : "未声明") }
                            .joined(separator: "，") + "。",
                    orientation: .columns, bars: years.map { bar($0, category, label: String($0.year)) },
                    width: 180, plotHeight: 70)
                return ["name": category.name, "url": URLLayout.category(category.slug), "svg": chart.svg()]
            }
            page["has_category_charts"] = true
        } else if let only = years.first {
            page["category_chart_svg"] = categoryChart(only, categories: statistics.categories)
            page["has_category_chart"] = true
        }

        // The trend runs across both national formats (tables 三 and 四 did not change); a report
        // that is index.md alone has no numbers to add.
        let figures = reports.sorted { $0.year < $1.year }.compactMap { $0.statistics.map(ReportFigures.init) }
        let reportsByYear = Dictionary(reports.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
        page["has_reports"] = !figures.isEmpty
        page["report_rows"] = figures.map { figure -> [String: Any] in
            let report = reportsByYear[figure.year]!
            return ["year": String(figure.year), "report_url": report.url, "report_title": report.title,
                    "received": figure.received, "handled": figure.handled, "disclosed": figure.disclosed,
                    "share": figure.disclosedShareText, "reconsideration": figure.reconsideration,
                    "litigation": figure.litigation]
        }
        if !figures.isEmpty {
            page["applications_chart_svg"] = BarChart(
                id: "chart-applications", title: "各年度本年新收政府信息公开申请数量",
                summary: "各年度本年新收政府信息公开申请数量：" + figures.map { "\($0.year)年\($0.received)件" }.joined(separator: "，") + "。",
                orientation: .columns, bars: figures.map { .init(label: String($0.year), count: $0.received) }).svg()
            page["share_chart_svg"] = BarChart(
                id: "chart-share", title: "各年度予以公开和部分公开占办理申请的比例",
                summary: "各年度办理的政府信息公开申请中予以公开和部分公开的比例："
                    + figures.map { "\($0.year)年" + ($0.disclosedShare == nil ? "没有办理的申请" : $0.disclosedShareText) }.joined(separator: "，") + "。",
                orientation: .columns, bars: figures.map { .init(label: String($0.year), values: [$0.disclosedShare]) },
                scale: .percent).svg()
            page["cases_chart_svg"] = BarChart(
                id: "chart-cases", title: "各年度政府信息公开行政复议和行政诉讼数量",
                summary: "各年度政府信息公开行政复议和行政诉讼数量："
                    + figures.map { "\($0.year)年行政复议\($0.reconsideration)件、行政诉讼\($0.litigation)件" }.joined(separator: "，") + "。",
                orientation: .columns, series: ["行政复议", "行政诉讼"],
                bars: figures.map { .init(label: String($0.year), values: [Double($0.reconsideration), Double($0.litigation)]) }).svg()
        }
        return chrome.context(title: overviewTitle, section: URLLayout.statistics,
                              breadcrumbs: [PageChrome.Link(name: "统计", url: URLLayout.statistics)], page: page)
    }

    // MARK: A year

    /// Context of `statistics-year.mustache` (the keys are listed at the top of the template).
    ///
    /// The report's declared figures are not set beside a counted year's: the difference is for
    /// editors (`check`, `stats`, the preview) and the published page never prints it. A year before
    /// `statistics_from` shows the declared figures themselves, marked 据年度报告.
    static func yearContext(_ counts: YearCounts, statistics: ContentStatistics, report: AnnualReport?,
                            chrome: PageChrome) -> [String: Any] {
        let year = counts.year
        var page: [String: Any] = [
            "heading": yearTitle(year),
            "year": String(year),
            "total": counts.total,
            "is_declared": counts.isDeclared,
            "is_incomplete": statistics.isIncomplete(year),
            "counted_through": statistics.today.chinese,
            "counted_through_iso": statistics.today.iso,
            "overview_url": URLLayout.statistics,
            "json_url": URLLayout.statisticsJSON,
            "category_rows": statistics.categories.map { category -> [String: Any] in
                var entry: [String: Any] = ["name": category.name, "url": URLLayout.category(category.slug)]
                if counts.knows(category: category.slug) { entry["count"] = counts[category: category.slug] }
                else { entry["count"] = "—"; entry["undeclared"] = true }
                return entry
            },
            "category_chart_svg": categoryChart(counts, categories: statistics.categories),
            "has_months": counts.hasMonths,
            "other_years": statistics.years.map { other -> [String: Any] in
                ["year": String(other.year), "url": URLLayout.statistics(year: other.year), "current": other.year == year]
            },
            "sentence": StatisticsSummary.sentence(counts, categories: statistics.categories),
        ]
        if counts.hasMonths {
            page["month_rows"] = (1...12).map { ["label": "\($0)月", "count": counts[month: $0]] as [String: Any] }
            page["month_chart_svg"] = BarChart(
                id: "chart-months", title: "\(year)年各月主动公开政府信息数量",
                summary: "\(year)年各月主动公开政府信息数量：" + StatisticsSummary.monthList(counts) + "。",
                orientation: .columns, bars: (1...12).map { .init(label: "\($0)月", count: counts[month: $0]) }).svg()
        }
        if let report {
            page["report"] = ["title": report.title, "url": report.url]
        }
        return chrome.context(title: yearTitle(year), section: URLLayout.statistics,
                              breadcrumbs: [PageChrome.Link(name: "统计", url: URLLayout.statistics),
                                            PageChrome.Link(name: "\(year)年", url: URLLayout.statistics(year: year))],
                              page: page)
    }

    /// Horizontal bars, one per category, in configured order.
    static func categoryChart(_ counts: YearCounts, categories: [Category]) -> String {
        BarChart(id: "chart-categories", title: "\(counts.year)年各栏目主动公开政府信息数量",
                 summary: "\(counts.year)年各栏目主动公开政府信息数量：" + StatisticsSummary.categoryList(counts, categories: categories) + "。",
                 orientation: .rows, bars: categories.map { bar(counts, $0) }).svg()
    }

    /// A category's bar: no figure (drawn `—`) where a declared year's report does not name it.
    static func bar(_ counts: YearCounts, _ category: Category, label: String? = nil) -> BarChart.Bar {
        .init(label: label ?? category.name,
              values: [counts.knows(category: category.slug) ? Double(counts[category: category.slug]) : nil])
    }
}
