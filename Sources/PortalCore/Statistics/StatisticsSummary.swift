/// The counts in the words of the annual report, for the editor who writes it (`portal stats`) and
/// for the charts' descriptions: “2021年主动公开政府信息24篇，其中部门会议2篇，规划计划2篇，……”.
///
/// Every configured category is listed, in configured order, 0 included, as the reports do.
public enum StatisticsSummary {
    /// `2021年主动公开政府信息24篇，其中部门会议2篇，……，其他文件2篇。`
    public static func sentence(_ counts: YearCounts, categories: [Category]) -> String {
        var text = "\(counts.year)年主动公开政府信息\(counts.total)篇"
        if counts.isDeclared { text += "（据年度报告）" }
        if counts.total > 0 && categories.contains(where: { counts.knows(category: $0.slug) }) {
            text += "，其中" + categoryList(counts, categories: categories)
        }
        return text + "。"
    }

    /// `部门会议2篇，规划计划2篇，……`; a declared year lists only the categories its report names.
    public static func categoryList(_ counts: YearCounts, categories: [Category]) -> String {
        categories.filter { counts.knows(category: $0.slug) }.map { "\($0.name)\(counts[category: $0.slug])篇" }.joined(separator: "，")
    }

    /// `1月3篇，2月2篇，……，12月1篇`
    public static func monthList(_ counts: YearCounts) -> String {
        (1...12).map { "\($0)月\(counts[month: $0])篇" }.joined(separator: "，")
    }

    /// What `portal stats` prints: per year (oldest first, or only `year`) the report's sentence
    /// and the months, then how the counts were taken.
    public static func text(_ statistics: ContentStatistics, year: Int? = nil) -> String {
        let years = year.map { [statistics.counts(of: $0)] } ?? statistics.years
        var lines: [String] = []
        if years.isEmpty {
            lines.append("还没有可统计的信息。 / There are no items to count yet.")
        }
        for counts in years {
            if !lines.isEmpty { lines.append("") }
            lines.append(sentence(counts, categories: statistics.categories))
            if counts.hasMonths {
                lines.append("按月份：" + monthList(counts) + "。")
            } else {
                lines.append("（\(counts.year)年早于 statistics_from，数字取自年度报告的 published_items，不按内容统计。）"
                             + " / (\(counts.year) is before statistics_from: the figures are the report's published_items, not counted.)")
            }
            if statistics.isIncomplete(counts.year) {
                lines.append("（统计至\(statistics.today.chinese)，全年数字尚未确定。）")
            }
        }
        lines.append("")
        lines.append("按发布日期统计：含已下线的信息，不含草稿和发布日期晚于\(statistics.today.chinese)的信息。")
        lines.append("Counted by 发布日期: expired items included; drafts and items dated after \(statistics.today.iso) are not.")
        return lines.joined(separator: "\n") + "\n"
    }
}
