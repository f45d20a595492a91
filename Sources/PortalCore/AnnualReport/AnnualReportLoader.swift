import Foundation
import Yams

/// Reads every `content/annual-reports/<year>/` folder: index.md and statistics.yaml.
public enum AnnualReportLoader {
    /// The folder below `content/`, and the URL segment of the reports.
    public static let folderName = "annual-reports"

    /// Reads content/annual-reports/<year>/{index.md,statistics.yaml}; applies rules 1–8 incl.
    /// cross-year; all problems as diagnostics (paths relative to the site root, e.g.
    /// "content/annual-reports/2021/statistics.yaml").
    ///
    /// A missing `content/annual-reports/` means no reports. A report is returned whenever both
    /// files could be read far enough to build it, even if some rule failed (the diagnostics say
    /// so), so that `portal check` can go on comparing it with the content. Reports come newest first.
    public static func load(siteRoot: URL, config: SiteConfig) -> (reports: [AnnualReport], diagnostics: [Diagnostic]) {
        load(files: SiteFiles(siteRoot: siteRoot, folders: ["content"]), config: config)
    }

    /// `load(siteRoot:config:)` through the site's one door to its files (links and special files
    /// in the folder are reported by `SiteFiles` itself).
    public static func load(files: SiteFiles, config: SiteConfig) -> (reports: [AnnualReport], diagnostics: [Diagnostic]) {
        let displayFolder = "content/\(folderName)"
        switch files.kind(of: displayFolder) {
        case nil, .symbolicLink?, .special?: return ([], [])
        case .file?:
            return ([], [Diagnostic(file: displayFolder, zh: "\(displayFolder) 应为文件夹", en: "\(displayFolder) must be a folder",
                                    hintZh: "每年的报告放在 \(displayFolder)/<年份>/ 文件夹中。",
                                    hintEn: "Put each year's report in its own folder \(displayFolder)/<year>/.")])
        case .folder?: break
        }

        var reports: [AnnualReport] = []
        var diagnostics: [Diagnostic] = []
        for entry in files.entries(of: displayFolder) ?? [] where !entry.name.hasPrefix(".") {
            let name = entry.name
            let display = "\(displayFolder)/\(name)"
            switch entry.kind {
            case .folder: break
            case .symbolicLink, .special: continue
            case .file:
                diagnostics.append(Diagnostic(
                    .warning, file: display, zh: "年度报告目录中的文件 \(name) 不会被使用", en: "the file \(name) in the reports folder is ignored",
                    hintZh: "每年的报告放在 \(displayFolder)/<年份>/ 文件夹中，包括 index.md 和 statistics.yaml。",
                    hintEn: "Each year's report lives in \(displayFolder)/<year>/, with index.md and statistics.yaml."))
                continue
            }
            guard name.count == 4, let year = Int(name), (1900...2999).contains(year) else {
                diagnostics.append(Diagnostic(
                    file: display, zh: "年度报告文件夹名“\(name)”应为四位年份", en: "the report folder “\(name)” must be named after its year",
                    hintZh: "例如 \(displayFolder)/2021/", hintEn: "For example \(displayFolder)/2021/"))
                continue
            }
            // An unreadable year folder is reported by `SiteFiles`; nothing more to say of it here.
            guard files.entries(of: display) != nil else { continue }
            let (report, problems) = loadYear(year, files: files, display: display, config: config)
            diagnostics += problems
            if let report { reports.append(report) }
        }

        diagnostics += crossYearDiagnostics(reports)
        reports.sort { $0.year > $1.year }
        return (reports, diagnostics)
    }

    /// Rules 6 and 7 for every pair of consecutive years that both have statistics.yaml, whatever
    /// their formats (tables 三 and 四 are the same in both). Warnings only when either report is
    /// kept as published.
    static func crossYearDiagnostics(_ reports: [AnnualReport]) -> [Diagnostic] {
        let byYear = Dictionary(reports.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
        var diagnostics: [Diagnostic] = []
        for report in reports.sorted(by: { $0.year < $1.year }) {
            guard let current = report.statistics, let previousReport = byYear[report.year - 1],
                  let previous = previousReport.statistics else { continue }
            let found = ConsistencyRules.checkAcrossYears(
                previous: previous, previousFile: previousReport.statisticsFile, previousMap: previousReport.sourceMap,
                current: current, currentMap: report.sourceMap, file: report.statisticsFile)
            diagnostics += current.asPublished || previous.asPublished ? AsPublished.warnings(found) : found
        }
        return diagnostics
    }

    /// One year's folder.
    static func loadYear(_ year: Int, files: SiteFiles, display: String, config: SiteConfig) -> (AnnualReport?, [Diagnostic]) {
        let indexFile = "\(display)/index.md"
        let statisticsFile = "\(display)/statistics.yaml"
        var diagnostics: [Diagnostic] = []

        let indexText = readText(files, file: indexFile, what: "index.md", into: &diagnostics)
        let front = indexText.flatMap { readIndex($0, year: year, file: indexFile, config: config, into: &diagnostics) }
        // The report is published like an item, and may quote an applicant's details.
        if let indexText { diagnostics += PrivacyScan.diagnostics(in: indexText, file: indexFile) }

        // Without statistics.yaml the report is index.md alone, its tables in the body.
        let hasStatistics = files.kind(of: statisticsFile) != nil
        if let front, hasStatistics { diagnostics += ReportNarrative.check(body: front.body, bodyLine: front.bodyLine, file: indexFile) }
        if let front, !hasStatistics, year >= 2019, !front.body.split(separator: "\n").contains(where: { $0.drop { $0 == " " }.hasPrefix("|") }) {
            // Since 2019 a report has national tables: with neither file nor table, one was forgotten.
            diagnostics.append(Diagnostic(
                .warning, file: statisticsFile,
                zh: "\(year) 年度报告没有 statistics.yaml，正文中也没有表格",
                en: "the \(year) report has no statistics.yaml and no table in its body",
                hintZh: "按国家格式填写 statistics.yaml（portal new report 可生成模板），或把原文的表格写成竖线表格放在正文中。",
                hintEn: "Write statistics.yaml in the national format (portal new report makes one), or put the published tables in the body as pipe tables."))
        }
        var statistics: ReportStatistics?
        var sourceMap = StatisticsSourceMap()
        if hasStatistics, let text = readText(files, file: statisticsFile, what: "statistics.yaml",
                                              into: &diagnostics) {
            let parsed = StatisticsParser.parse(text, file: statisticsFile, categories: config.categories)
            diagnostics += parsed.diagnostics
            sourceMap = parsed.sourceMap
            if let parsedStatistics = parsed.statistics {
                if parsedStatistics.year != year {
                    diagnostics.append(yearMismatch(found: parsedStatistics.year, folder: year, file: statisticsFile,
                                                    line: sourceMap.location("year").line))
                }
                let found = ConsistencyRules.check(parsedStatistics, sourceMap: sourceMap, file: statisticsFile)
                diagnostics += parsedStatistics.asPublished ? AsPublished.warnings(found) : found
                diagnostics += formatAdvice(parsedStatistics, year: year, file: statisticsFile)
                statistics = parsedStatistics
            }
        }

        guard let front, statistics != nil || !hasStatistics else { return (nil, diagnostics) }
        var report = AnnualReport(year: year, title: front.title, date: front.date, publisher: front.publisher,
                                  statistics: statistics, narrative: front.narrative, indexFile: indexFile,
                                  statisticsFile: statisticsFile, sourceMap: sourceMap)
        report.indexNo = front.indexNo
        report.indexNoLine = front.indexNoLine
        return (report, diagnostics)
    }

    private struct IndexPage {
        var title: String
        var date: PlainDate
        var publisher: String
        var narrative: ReportNarrative
        var indexNo: IndexNumber?
        var indexNoLine: Int?
        var body: String
        var bodyLine: Int
    }

    /// A 2019-format table for 2021 or later, or a 2021-format one for 2020 or earlier, is most
    /// likely the wrong template: a warning, since an agency may have used another format.
    private static func formatAdvice(_ statistics: ReportStatistics, year: Int, file: String) -> [Diagnostic] {
        let expected = ReportFormat.expected(forYear: year)
        guard statistics.format != expected, year >= 2019 else { return [] }
        return [Diagnostic(
            .warning, file: file, line: 1,
            zh: "\(year) 年度报告通常使用 \(expected.key) 年格式（\(expected.document)），这里是 \(statistics.format.key) 年格式",
            en: "a report for \(year) usually takes the \(expected.key) format (\(expected.document)); this one is in the \(statistics.format.key) format",
            hintZh: expected == .trial2019 ? "2019、2020 年度的报告在 statistics.yaml 开头写 format: 2019。" : "2021 年度起的报告删去 format: 2019，按 2021 年格式填写。",
            hintEn: expected == .trial2019 ? "Reports for 2019 and 2020 start statistics.yaml with format: 2019." : "From 2021 on, remove format: 2019 and use the 2021 rows.")]
    }

    private static func readIndex(_ text: String, year: Int, file: String, config: SiteConfig,
                                  into diagnostics: inout [Diagnostic]) -> IndexPage? {
        let frontMatter: FrontMatter, fields: YAMLFields
        switch FrontMatter.read(text, file: file) {
        case .success(let value): (frontMatter, fields) = value
        case .failure(let problem):
            diagnostics.append(problem)
            return nil
        }
        fields.rejectUnknownKeys(allowed: AnnualReport.frontMatterKeys)
        let title = fields.string("title", required: true, example: "title: 某某局\(year)年政府信息公开工作年度报告")
        let declaredYear = fields.int("year", required: true, range: 1900...2999)
        let date = fields.date("date", required: true)
        let publisher = fields.string("publisher") ?? config.agency
        // Checked as an item's is: the site's prefix, and the year of the report's `date` (the
        // year it was published, usually the year after the one it reports on).
        let indexNo = fields.string("index_no").flatMap { ItemParser.checkIndexNumber($0, date: date, fields: fields, config: config) }
        diagnostics += fields.diagnostics
        if let declaredYear, declaredYear != year {
            diagnostics.append(yearMismatch(found: declaredYear, folder: year, file: file, line: fields.lineOfKey("year")))
        }
        if let date, date.year < year {
            diagnostics.append(Diagnostic(
                .warning, file: file, line: fields.lineOfKey("date"),
                zh: "发布日期 \(date.iso) 早于报告所属的 \(year) 年度结束", en: "the publication date \(date.iso) is before the end of the year \(year) it reports on",
                hintZh: "date 是报告的发布日期，通常在次年 1 月；请核对。",
                hintEn: "date is the day the report was published, usually in January of the next year; please check."))
        }
        guard let title, let date else { return nil }
        return IndexPage(title: title, date: date, publisher: publisher,
                         narrative: ReportNarrative.split(body: frontMatter.body, bodyLine: frontMatter.bodyLine),
                         indexNo: indexNo, indexNoLine: indexNo == nil ? nil : fields.lineOfKey("index_no"),
                         body: frontMatter.body, bodyLine: frontMatter.bodyLine)
    }

    private static func yearMismatch(found: Int, folder: Int, file: String, line: Int?) -> Diagnostic {
        Diagnostic(file: file, line: line,
                   zh: "year: \(found) 与所在文件夹的年份 \(folder) 不一致",
                   en: "year: \(found) does not match the folder's year \(folder)",
                   hintZh: "文件夹名、index.md 和 statistics.yaml 中的 year 必须是同一年；改正 year 或移动文件夹。",
                   hintEn: "The folder name and the year in index.md and statistics.yaml must agree; fix year or move the folder.")
    }

    private static func readText(_ files: SiteFiles, file: String, what: String, into diagnostics: inout [Diagnostic]) -> String? {
        let data: Data
        switch files.read(file) {
        case .bytes(let bytes): data = Data(bytes)
        case .failed(let problem):
            // A link or special file is reported by the walk already.
            if !files.problems.contains(where: { $0.file == file }) { diagnostics.append(problem) }
            return nil
        case .missing:
            diagnostics.append(Diagnostic(
                file: file, zh: "缺少 \(what)", en: "\(what) is missing",
                hintZh: "每年的报告文件夹需要 index.md（正文）和 statistics.yaml（统计表）两个文件。",
                hintEn: "Each report folder needs index.md (the text) and statistics.yaml (the tables)."))
            return nil
        }
        switch SourceText.decode(data, file: file) {
        case .success(let text): return text
        case .failure(let problem):
            diagnostics.append(problem)
            return nil
        }
    }
}
