/// 政府信息公开工作年度报告: one year's report, read from `content/annual-reports/<year>/`.
public struct AnnualReport: Sendable {
    public let year: Int
    public let title: String
    /// 发布日期 (the `date` of index.md).
    public let date: PlainDate
    /// 发布机构: the `publisher` of index.md, or the site's agency.
    public let publisher: String
    public var url: String { URLLayout.annualReport(year: year) }
    /// The numbers of sections 二、三、四 and the declared published items; nil for a report that
    /// is index.md alone (an early year whose tables are written in the body as pipe tables).
    public let statistics: ReportStatistics?
    /// Sections 一, 五 and 六 as written.
    public let narrative: ReportNarrative
    /// `content/annual-reports/2021/index.md`
    public let indexFile: String
    /// `content/annual-reports/2021/statistics.yaml`
    public let statisticsFile: String
    /// Where each number was written, for the cross-year rules.
    let sourceMap: StatisticsSourceMap
    /// 索引号 (`index_no`, optional): in the one 索引号 space of the site, shared with items.
    public internal(set) var indexNo: IndexNumber?
    /// File line of `index_no` in index.md, for messages about it.
    public internal(set) var indexNoLine: Int?

    public init(year: Int, title: String, date: PlainDate, publisher: String, statistics: ReportStatistics?,
                narrative: ReportNarrative, indexFile: String, statisticsFile: String) {
        self.init(year: year, title: title, date: date, publisher: publisher, statistics: statistics,
                  narrative: narrative, indexFile: indexFile, statisticsFile: statisticsFile,
                  sourceMap: StatisticsSourceMap())
    }

    init(year: Int, title: String, date: PlainDate, publisher: String, statistics: ReportStatistics?,
         narrative: ReportNarrative, indexFile: String, statisticsFile: String, sourceMap: StatisticsSourceMap) {
        self.year = year
        self.title = title
        self.date = date
        self.publisher = publisher
        self.statistics = statistics
        self.narrative = narrative
        self.indexFile = indexFile
        self.statisticsFile = statisticsFile
        self.sourceMap = sourceMap
    }

    /// How the report's tables are given, for the list page's note: nil for the current national
    /// format, otherwise what differs, in words for readers (the page is public: no file names).
    public var formatNote: String? {
        guard let statistics else { return "表格见正文" }
        if statistics.format != .current { return "\(statistics.format.key)年格式（\(statistics.format.document)）" }
        return nil
    }

    /// URL of the JSON export of the numbers.
    public var statisticsJSONURL: String { URLLayout.annualReportJSON(year: year) }
    /// URL of the CSV export of the numbers.
    public var statisticsCSVURL: String { URLLayout.annualReportCSV(year: year) }

    /// The keys of index.md's front matter.
    static let frontMatterKeys = ["title", "year", "date", "publisher", "index_no"]
}
