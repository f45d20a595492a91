import Foundation

/// The contexts of the annual-report pages: the list at `/annual-reports/` and each year's report
/// (`AnnualReportsStep` writes them, with each report's `statistics.json` and `statistics.csv`).
public enum AnnualReportPage {
    /// The list page's heading and `<title>`.
    public static let listTitle = "政府信息公开工作年度报告"

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
        return chrome.context(title: listTitle, section: URLLayout.annualReports,
                              breadcrumbs: [PageChrome.Link(name: "年度报告", url: URLLayout.annualReports)], page: page)
    }

    /// Context of `annual-report.mustache`:
    /// - `report`: `title`, `year`, `publisher`, `date_iso`, `date_chinese`, `url`, `json_url`, `csv_url`,
    ///   `index_no` (when the report has one)
    /// - `opening_html`: the preface and 一、总体情况 (rendered Markdown)
    /// - `generated_sections`: 二、三、四 (`NationalTableLayout.sections`, each `id`, `heading`,
    ///   `tables`: see `tableContext`); empty, with
    ///   `has_statistics` false, for a report that is index.md alone
    /// - `format_document`: the 国办 document whose format the tables follow
    /// - `closing_html`: 五 and 六 (rendered Markdown; `narrative`, when the caller has rendered
    ///   them already for their links)
    static func reportContext(_ report: AnnualReport, chrome: PageChrome,
                              narrative: (opening: RenderedMarkdown, closing: RenderedMarkdown)? = nil) -> [String: Any] {
        let narrative = narrative ?? renderNarrative(report)
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
            "opening_html": narrative.opening.html,
            "closing_html": narrative.closing.html,
            "generated_sections": (report.statistics.map(NationalTableLayout.sections) ?? []).map(sectionContext),
            "has_statistics": report.statistics != nil,
            "format_document": report.statistics?.format.document ?? "",
        ]
        return chrome.context(title: report.title, section: URLLayout.annualReports,
                              breadcrumbs: [PageChrome.Link(name: "年度报告", url: URLLayout.annualReports),
                                            PageChrome.Link(name: "\(report.year)年度报告", url: report.url)],
                              page: page)
    }

    /// The report's own Markdown: the preface with 一, and 五 with 六.
    static func renderNarrative(_ report: AnnualReport) -> (opening: RenderedMarkdown, closing: RenderedMarkdown) {
        (MarkdownRenderer.render(report.narrative.opening), MarkdownRenderer.render(report.narrative.closing))
    }

    // MARK: The tables

    static func sectionContext(_ section: ReportSection) -> [String: Any] {
        ["id": section.id, "heading": section.heading, "tables": section.tables.map(tableContext)]
    }

    /// Keys: `id`, `caption`, `aria_label`, `table_class`, `scroll` (Bool), `head_rows` and
    /// `body_rows` (each a list of `{cells: [...]}`, see `cellContext`).
    static func tableContext(_ table: ReportTable) -> [String: Any] {
        [
            "id": table.id,
            "caption": table.caption,
            "aria_label": table.scrolls ? "\(table.caption)（表格可左右滑动）" : table.caption,
            "table_class": table.cssClass,
            "scroll": table.scrolls,
            "head_rows": table.headRows.map { ["cells": $0.map(cellContext)] },
            "body_rows": table.bodyRows.map { ["cells": $0.map(cellContext)] },
        ]
    }

    /// Keys: `text`, `header` (Bool), `numeric` (Bool), and only when they apply `scope`,
    /// `rowspan`, `colspan`, `cell_class`. Absent keys keep `{{#rowspan}}` sections closed.
    static func cellContext(_ cell: ReportTable.Cell) -> [String: Any] {
        var context: [String: Any] = ["text": cell.text, "header": cell.isHeader, "numeric": cell.isNumeric]
        if let scope = cell.scope { context["scope"] = scope.rawValue }
        if cell.rowSpan > 1 { context["rowspan"] = String(cell.rowSpan) }
        if cell.colSpan > 1 { context["colspan"] = String(cell.colSpan) }
        if let cssClass = cell.cssClass { context["cell_class"] = cssClass }
        return context
    }
}
