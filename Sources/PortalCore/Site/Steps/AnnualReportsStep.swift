/// `/annual-reports/` and each `/annual-reports/<year>/` with its statistics.json and .csv.
struct AnnualReportsStep: BuildStep {
    func navigation(_ plan: BuildPlan) -> [PageChrome.Link] {
        [.init(name: "年度报告", url: AnnualReportPage.section)]
    }

    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        var paths: Set<String> = [AnnualReportPage.section]
        for report in plan.reports {
            paths.insert(report.url)
            if report.statistics != nil { paths.formUnion([report.statisticsJSONURL, report.statisticsCSVURL]) }
        }
        return paths
    }

    func run(_ context: BuildContext) throws -> StepResult {
        let reports = context.plan.reports
        try Self.write(reports, renderer: context.templates, chrome: context.chrome, output: context.output)
        var diagnostics: [Diagnostic] = []
        for report in reports {
            for (markdown, line) in [(report.narrative.opening, report.narrative.openingLine),
                                     (report.narrative.closing, report.narrative.closingLine)] {
                diagnostics += context.linkChecker.check(MarkdownRenderer.render(markdown).links, pageURL: report.url,
                                                         file: report.indexFile, bodyLine: line)
            }
        }
        return StepResult(pages: 1 + reports.count, diagnostics: diagnostics)
    }

    /// Writes /annual-reports/ (years newest first), /annual-reports/<year>/ with statistics.json and statistics.csv.
    static func write(_ reports: [AnnualReport], renderer: TemplateRenderer, chrome: PageChrome, output: OutputFolder) throws {
        let newestFirst = reports.sorted { $0.year > $1.year }
        try output.writePage(try renderer.render("annual-reports", AnnualReportPage.listContext(newestFirst, chrome: chrome)),
                             at: AnnualReportPage.section)
        for report in newestFirst {
            try output.writePage(try renderer.render("annual-report", AnnualReportPage.reportContext(report, chrome: chrome)),
                                 at: report.url)
            let folder = String(report.url.drop { $0 == "/" })   // "annual-reports/2021/"
            // A report that is index.md alone has its tables in the body: nothing to export.
            guard let statistics = report.statistics else { continue }
            try output.write(try StatisticsExport.json(statistics), to: folder + "statistics.json")
            try output.write(StatisticsExport.csv(statistics), to: folder + "statistics.csv")
        }
    }
}
