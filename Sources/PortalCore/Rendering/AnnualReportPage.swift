import Foundation

/// The contexts of the annual-report pages: the list at `/annual-reports/` and each year's report
/// (`AnnualReportsStep` writes them, with each report's `statistics.json` and `statistics.csv`).
public enum AnnualReportPage {
    /// The list page's heading and `<title>`.
    public static let listTitle = "政府信息公开工作年度报告"
    /// The navigation entry the pages belong to.
    public static let section = "/annual-reports/"

    /// One entry per report, newest first, for lists such as the home page:
    /// `title`, `url`, `year`, `publisher`, `date_iso`, `date_chinese`, and `format_note` where the
    /// report's tables differ from the current national format (see `AnnualReport.formatNote`).
    public static func listing(_ reports: [AnnualReport]) -> [[String: Any]] {
        reports.sorted { $0.year > $1.year }.map { report in
            var entry: [String: Any] = [
                "title": report.title,
                "url": report.url,
                "year": String(report.year),
                "publisher": report.publisher,
                "date_iso": report.date.iso,
                "date_chinese": report.date.chinese,
            ]
            if let note = report.formatNote { entry["format_note"] = note }
            return entry
        }
    }

    /// Context of `annual-reports.mustache`: `heading`, `reports` (see `listing`), `has_reports`.
    static func listContext(_ reports: [AnnualReport], chrome: PageChrome) -> [String: Any] {
        let page: [String: Any] = [
            "heading": listTitle,
            "reports": listing(reports),
            "has_reports": !reports.isEmpty,
        ]
        return chrome.context(title: listTitle, section: section,
                              breadcrumbs: [PageChrome.Link(name: "年度报告", url: section)], page: page)
    }

    /// Context of `annual-report.mustache`:
    /// - `report`: `title`, `year`, `publisher`, `date_iso`, `date_chinese`, `url`, `json_url`, `csv_url`,
    ///   `index_no` (when the report has one)
    /// - `opening_html`: the preface and 一、总体情况 (rendered Markdown)
    /// - `generated_sections`: 二、三、四 (see `NationalTableLayout.sections`); empty, with
    ///   `has_statistics` false, for a report that is index.md alone
    /// - `format_document`: the 国办 document whose format the tables follow
    /// - `closing_html`: 五 and 六 (rendered Markdown)
    static func reportContext(_ report: AnnualReport, chrome: PageChrome) -> [String: Any] {
        var meta: [String: Any] = [
            "title": report.title,
            "year": String(report.year),
            "publisher": report.publisher,
            "date_iso": report.date.iso,
            "date_chinese": report.date.chinese,
            "url": report.url,
        ]
        if report.statistics != nil {
            meta["json_url"] = report.statisticsJSONURL
            meta["csv_url"] = report.statisticsCSVURL
        }
        if let indexNo = report.indexNo { meta["index_no"] = indexNo.description }
        let page: [String: Any] = [
            "report": meta,
            "opening_html": MarkdownRenderer.render(report.narrative.opening).html,
            "closing_html": MarkdownRenderer.render(report.narrative.closing).html,
            "generated_sections": report.statistics.map(NationalTableLayout.sections) ?? [],
            "has_statistics": report.statistics != nil,
            "format_document": report.statistics?.format.document ?? "",
        ]
        return chrome.context(title: report.title, section: section,
                              breadcrumbs: [PageChrome.Link(name: "年度报告", url: section),
                                            PageChrome.Link(name: "\(report.year)年度报告", url: report.url)],
                              page: page)
    }
}
