import Foundation

/// `portal new report <year>`: the folder `content/annual-reports/<year>/` with an `index.md` laid
/// out in the national format's sections and a `statistics.yaml` with every row present, last
/// year's carry-over (上年结转) and this year's counted items already filled in. The tables take
/// the format of the year (2019 format for 2019 and 2020) unless one is asked for; a year before
/// 2019 had no national table, so its report is index.md alone, the tables written in the body.
public enum ReportScaffold {
    /// What was written, and what the editor should know about it.
    public struct Created: Sendable {
        /// Relative to the site root: `content/annual-reports/2022/index.md`.
        public let indexPath: String
        /// `content/annual-reports/2022/statistics.yaml`; nil for a report before 2019 (index.md alone).
        public let statisticsPath: String?
        /// The format of statistics.yaml; nil when none was written.
        public let format: ReportFormat?
        /// The year whose 结转下年度 became this year's 上年结转, if any.
        public let carriedOverFrom: Int?
        /// Things to check (last year's report unreadable, items not counted), as warnings.
        public let warnings: [Diagnostic]
    }

    /// Writes the two files of `year`'s report below `siteRoot`. Refuses when the year's folder
    /// exists already, writing nothing.
    /// - Parameters:
    ///   - date: the report's 发布日期 (`date` in index.md).
    ///   - today: the day the items are counted on (`published_items`).
    ///   - format: the tables' national format; nil: the year's own (none before 2019).
    public static func create(year: Int, date: PlainDate, today: PlainDate, siteRoot: URL,
                              format: ReportFormat? = nil) throws(DiagnosticsError) -> Created {
        guard (1900...2999).contains(year) else {
            throw DiagnosticsError([Diagnostic(
                file: nil, zh: "年份“\(year)”无效，应为四位数字", en: "“\(year)” is not a year of four digits",
                hintZh: "例如：portal new report 2022", hintEn: "For example: portal new report 2022")])
        }
        let folder = "content/\(AnnualReportLoader.folderName)/\(year)"
        let folderURL = siteRoot.appendingPathComponent(folder)
        if FileManager.default.fileExists(atPath: folderURL.path) {
            throw DiagnosticsError([Diagnostic(
                file: folder, zh: "\(year) 年度报告的文件夹已存在，没有改动它",
                en: "the folder of the \(year) report already exists; it was left unchanged",
                hintZh: "直接编辑其中的 index.md 和 statistics.yaml；如需重新生成，先移走这个文件夹。",
                hintEn: "Edit its index.md and statistics.yaml; to make new ones, move the folder away first.")])
        }
        let content = try ItemScaffold.loadContent(siteRoot: siteRoot)
        var warnings: [Diagnostic] = []

        // 上年结转 = last year's 结转下年度继续办理 (rule 6), and last year's 现行有效件数 (rule 7).
        var carriedOver = Array(repeating: 0, count: ApplicantColumn.allCases.count)
        var carriedOverFrom: Int?
        var inForce: [DocumentKind: Int] = [:]
        let previousFolder = "content/\(AnnualReportLoader.folderName)/\(year - 1)"
        let format = format ?? (year < 2019 ? nil : ReportFormat.expected(forYear: year))
        if let previous = content.reports.first(where: { $0.year == year - 1 }) {
            // Rule 6 links the formats; a report that is index.md alone has nothing to carry.
            if let statistics = previous.statistics {
                carriedOver = statistics.applications[.carriedForward].columns
                carriedOverFrom = previous.year
                for kind in DocumentKind.allCases { inForce[kind] = statistics.proactive?[kind].inForce }
            }
        } else if FileManager.default.fileExists(atPath: siteRoot.appendingPathComponent(previousFolder).path) {
            warnings.append(Diagnostic(
                .warning, file: previousFolder,
                zh: "\(year - 1) 年度报告有错误，读不出它的“四、结转下年度继续办理”，carried_over 暂填 0",
                en: "the \(year - 1) report has errors, so its carried_forward could not be read; carried_over is 0 for now",
                hintZh: "运行 portal check 改正 \(year - 1) 年度报告，再把它的 carried_forward 抄到 \(folder)/statistics.yaml 的 carried_over。",
                hintEn: "Fix the \(year - 1) report (portal check), then copy its carried_forward into carried_over of \(folder)/statistics.yaml."))
        }

        let counts = ContentStatistics(content: content, today: today).counts(of: year)
        if !content.failedItemURLs.isEmpty {
            warnings.append(Diagnostic(
                .warning, file: nil,
                zh: "有 \(content.failedItemURLs.count) 个信息文件有错误，未计入 published_items",
                en: "\(content.failedItemURLs.count) item file(s) with errors are not counted in published_items",
                hintZh: "运行 portal check 改正后，用 portal stats --year \(year) 核对 published_items。",
                hintEn: "Fix them (portal check), then compare published_items with portal stats --year \(year)."))
        }

        let indexPath = "\(folder)/index.md"
        let agency = content.config.agency
        let title = "\(agency)\(year)年政府信息公开工作年度报告"
        guard let format else {
            try NewFile.write(tablesInBodyText(title: title, year: year, date: date, publisher: agency),
                              to: siteRoot.appendingPathComponent(indexPath), displayPath: indexPath)
            return Created(indexPath: indexPath, statisticsPath: nil, format: nil, carriedOverFrom: nil, warnings: warnings)
        }
        var statistics = StatisticsTemplate(year: year, carriedOver: carriedOver, carriedOverFrom: carriedOverFrom,
                                            inForce: inForce, published: counts, categories: content.config.categories,
                                            countedOn: today)
        statistics.format = format
        let statisticsPath = "\(folder)/statistics.yaml"
        try NewFile.write(indexText(title: title, year: year, date: date, publisher: agency, format: format),
                          to: siteRoot.appendingPathComponent(indexPath), displayPath: indexPath)
        try NewFile.write(statistics.text, to: siteRoot.appendingPathComponent(statisticsPath), displayPath: statisticsPath)
        return Created(indexPath: indexPath, statisticsPath: statisticsPath, format: format, carriedOverFrom: carriedOverFrom,
                       warnings: warnings)
    }

    /// index.md: front matter, a preface, the written sections 一、五、六 as `##` headings and, between
    /// 一 and 五, comments marking where 二、三、四 are generated — comments, not headings, since a
    /// `## 二` heading in the body would duplicate the generated section (and is warned about).
    public static func indexText(title: String, year: Int, date: PlainDate, publisher: String,
                                 format: ReportFormat = .current) -> String {
        """
        \(frontMatter(title: title, year: year, date: date, publisher: publisher))
        （前言，可删去：本报告根据《中华人民共和国政府信息公开条例》和\(format == .trial2019 ? "国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告格式的要求（\(format.document)）" : "《中华人民共和国政府信息公开工作年度报告格式》（\(format.document)）")要求编制。本年度报告中所列数据统计期限从\(year)年1月1日到12月31日止。）

        ## 一、总体情况

        （在此填写：主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况。主动公开的篇数见 statistics.yaml 的 published_items。）

        <!-- \(NationalTableLayout.proactiveHeading)：由 statistics.yaml 生成 -->
        <!-- \(NationalTableLayout.applicationsHeading)：由 statistics.yaml 生成 -->
        <!-- \(NationalTableLayout.reviewHeading)：由 statistics.yaml 生成 -->

        ## 五、存在的主要问题及改进情况

        （在此填写。）

        ## 六、其他需要报告的事项

        （在此填写。）

        """
    }

    /// The front matter both kinds of index.md start with, its closing line included.
    private static func frontMatter(title: String, year: Int, date: PlainDate, publisher: String) -> String {
        """
        ---
        title: \(YAMLScalar.plainIfSafe(title))
        year: \(year)
        date: \(date.iso)
        publisher: \(YAMLScalar.plainIfSafe(publisher))
        ---
        """
    }

    /// index.md of a report from before the national tables (before 2019): the whole report in the
    /// body, its tables as pipe tables; no statistics.yaml.
    public static func tablesInBodyText(title: String, year: Int, date: PlainDate, publisher: String) -> String {
        """
        \(frontMatter(title: title, year: year, date: date, publisher: publisher))
        （\(year)年的报告没有全国统一的统计表：按当年公布的原文录入全文，表格写成下面这样的竖线表格，空白的格子就空着。）

        ## 一、概述

        （在此填写。）

        ## 二、主动公开政府信息的情况

        | 项目 | 数量 |
        | --- | --: |
        | 主动公开政府信息 |  |

        """
    }
}
