/// `/annual-reports/` and each `/annual-reports/<year>/` with its statistics.json and .csv.
struct AnnualReportsStep: BuildStep {
    func navigation(_ plan: BuildPlan) -> [PageChrome.Link] {
        [.init(name: "年度报告", url: AnnualReportPages.section)]
    }

    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        var paths: Set<String> = [AnnualReportPages.section]
        for report in plan.reports {
            paths.insert(report.url)
            if report.statistics != nil { paths.formUnion([report.statisticsJSONURL, report.statisticsCSVURL]) }
        }
        return paths
    }

    func run(_ context: BuildContext) throws -> StepResult {
        let reports = context.plan.reports
        try AnnualReportPages.write(reports, renderer: context.templates, chrome: context.chrome, output: context.output)
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
}
