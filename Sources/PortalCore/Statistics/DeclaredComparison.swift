/// A year's counted figures beside the ones its annual report declares in `published_items`
/// (what 一、总体情况 says was proactively published). A difference is a warning, not an error:
/// the report may count documents published outside this portal, or the portal may miss some.
/// It is for editors only (`check`, `stats`, the preview): the published pages never print it, as a
/// public note that the agency's report and its site disagree helps no reader. Years before
/// `statistics_from` are not compared at all: their figures are the report's own.
public struct DeclaredComparison: Sendable {
    /// One category: counted, and declared when the report names the category.
    public struct Row: Sendable {
        public let category: Category
        public let counted: Int
        public let declared: Int?
        /// Declared, and not what the content holds.
        public var differs: Bool { declared.map { $0 != counted } ?? false }
    }

    public let year: Int
    public let countedTotal: Int
    /// `published_items.total`, when the report states it.
    public let declaredTotal: Int?
    /// Every configured category, in configured order.
    public let rows: [Row]
    /// Whether the year's report declares anything at all: the pages then show the declared column.
    public let hasDeclared: Bool

    public init(counts: YearCounts, categories: [Category], declared: PublishedItems?) {
        year = counts.year
        countedTotal = counts.total
        declaredTotal = declared?.total
        rows = categories.map { Row(category: $0, counted: counts[category: $0.slug], declared: declared?.byCategory[$0.slug]) }
        hasDeclared = declared != nil
    }

    public var totalDiffers: Bool { declaredTotal.map { $0 != countedTotal } ?? false }

    /// Whether any declared figure differs from the count.
    public var differs: Bool { totalDiffers || rows.contains(where: \.differs) }

    /// One warning for the total and one per differing category, pointing at the report's
    /// statistics.yaml line that declares the figure.
    public func diagnostics(report: AnnualReport) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let hintZh = "核对年度报告“一、总体情况”中的数字和 published_items；按内容统计时以发布日期为准，含已下线的信息，不含草稿和尚未到发布日期的信息。运行 portal stats --year \(year) 可查看按内容统计的数字。"
        let hintEn = "Check the figures in 一、总体情况 and published_items. The content is counted by 发布日期, expired items included, drafts and future-dated items not; `portal stats --year \(year)` prints the counts."
        if let declared = declaredTotal, declared != countedTotal {
            let location = report.sourceMap.location("published_items.total")
            diagnostics.append(Diagnostic(
                .warning, file: report.statisticsFile, line: location.line, column: location.column,
                zh: "\(year)年度报告声明主动公开\(declared)篇，按内容统计为\(countedTotal)篇",
                en: "the \(year) report declares \(Self.items(declared)), the content has \(countedTotal)",
                hintZh: hintZh, hintEn: hintEn))
        }
        for row in rows where row.differs {
            let location = report.sourceMap.location("published_items.by_category.\(row.category.slug)")
            diagnostics.append(Diagnostic(
                .warning, file: report.statisticsFile, line: location.line, column: location.column,
                zh: "\(year)年度报告声明“\(row.category.name)”主动公开\(row.declared!)篇，按内容统计为\(row.counted)篇",
                en: "the \(year) report declares \(Self.items(row.declared!)) in \(row.category.name) (\(row.category.slug)), the content has \(row.counted)",
                hintZh: "运行 portal stats --year \(year) 查看各栏目按内容统计的篇数。",
                hintEn: "`portal stats --year \(year)` prints the counts per category."))
        }
        return diagnostics
    }

    /// `1 item`, `276 items`.
    private static func items(_ count: Int) -> String { count == 1 ? "1 item" : "\(count) items" }

    /// The comparisons of every report that declares `published_items` for a counted year, with
    /// their warnings.
    public static func warnings(_ statistics: ContentStatistics, reports: [AnnualReport]) -> [Diagnostic] {
        reports.flatMap { report -> [Diagnostic] in
            guard let declared = report.statistics?.publishedItems, statistics.isCounted(report.year) else { return [] }
            return DeclaredComparison(counts: statistics.counts(of: report.year), categories: statistics.categories,
                                      declared: declared).diagnostics(report: report)
        }
    }
}
