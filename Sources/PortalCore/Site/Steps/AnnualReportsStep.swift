/// `/annual-reports/` and each `/annual-reports/<year>/` with its statistics.json and .csv.
struct AnnualReportsStep: BuildStep {
    func navigation(_ plan: BuildPlan) -> [PageChrome.Link] {
        [.init(name: "年度报告", url: URLLayout.annualReports)]
    }

    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        var paths: Set<String> = [URLLayout.annualReports]
        for report in plan.reports {
            paths.insert(report.url)
            if report.statistics != nil { paths.formUnion([report.statisticsJSONURL, report.statisticsCSVURL]) }
        }
        return paths
    }

    func run(_ context: BuildContext) throws -> StepResult {
        let reports = context.plan.reports
        let narratives = try Self.write(reports, renderer: context.templates, chrome: context.chrome, output: context.output)
        var diagnostics: [Diagnostic] = []
        for (report, narrative) in zip(reports, narratives) {
            for (rendered, line) in [(narrative.opening, report.narrative.openingLine),
                                     (narrative.closing, report.narrative.closingLine)] {
                diagnostics += context.linkChecker.check(rendered.links, pageURL: report.url,
                                                         file: report.indexFile, bodyLine: line)
            }
        }
        return StepResult(pages: 1 + reports.count, diagnostics: diagnostics)
    }

    /// Writes /annual-reports/ (years newest first), /annual-reports/<year>/ with statistics.json and
    /// statistics.csv. Returns each report's rendered narrative, in the order of `reports`, for the
    /// link check.
    @discardableResult
    static func write(_ reports: [AnnualReport], renderer: TemplateRenderer, chrome: PageChrome,
                      output: OutputFolder) throws -> [(opening: RenderedMarkdown, closing: RenderedMarkdown)] {
        try output.writePage(try renderer.render("annual-reports",
                                                 AnnualReportPage.listContext(reports.sorted { $0.year > $1.year }, chrome: chrome)),
                             at: URLLayout.annualReports)
        return try reports.map { report in
            let narrative = AnnualReportPage.renderNarrative(report)
            try output.writePage(try renderer.render("annual-report",
                                                     AnnualReportPage.reportContext(report, chrome: chrome, narrative: narrative)),
                                 at: report.url)
            // A report that is index.md alone has its tables in the body: nothing to export.
            if let statistics = report.statistics {
                try output.write(try StatisticsExport.json(statistics), to: URLLayout.relative(report.statisticsJSONURL))
                try output.write(StatisticsExport.csv(statistics), to: URLLayout.relative(report.statisticsCSVURL))
            }
            return narrative
        }
    }
}
