import ArgumentParser
import Foundation
import PortalCore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "按内容统计主动公开的信息篇数。 / Count the proactively disclosed items from the content.",
        discussion: """
        按发布日期统计每年主动公开的政府信息篇数，分栏目、分月份，用年度报告的说法输出，例如“2021年主动公开\
        政府信息24篇，其中部门会议2篇，……”，供编写年度报告“一、总体情况”时使用。含已下线（过期）的信息，\
        不含草稿和发布日期晚于“今天”的信息。年度报告的 published_items 与统计不符时给出警告。\
        site.yaml 设有 statistics_from 时，此前的年度（信息发布在原网站）列出年度报告的 published_items，\
        标注“据年度报告”，不与内容比较。
        Counts each year's proactively disclosed items by 发布日期, per category and per month, and \
        prints them in the words of the annual report, for the editor who writes its 一、总体情况. \
        Expired items count; drafts and items dated after today do not. Warns where a report's \
        published_items differ from the counts. Years before site.yaml's statistics_from (published \
        on an older platform) list the report's published_items instead, marked 据年度报告, unwarned.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp(
        "只统计这一年（YYYY），默认列出每一年。 / Count only this year (YYYY); default: every year.",
        valueName: "YYYY"))
    var year: Int?

    func validate() throws {
        if let year, !(1900...2999).contains(year) {
            throw ValidationError("--year “\(year)”不是有效的年份，应为四位数字，例如 2021。 / --year “\(year)” is not a year YYYY, e.g. 2021.")
        }
    }

    func run() throws {
        let today = try site.today()
        // Only content/ is read: the counts do not depend on the templates.
        let (content, problems) = ContentLoader.load(siteRoot: site.siteRoot)
        guard let content, !problems.contains(where: \.isError) else {
            Console.report(problems.filter(\.isError))
            FileHandle.standardError.write(Data("内容有错误，无法统计。 / The content has errors; nothing was counted.\n".utf8))
            throw ExitCode(1)
        }
        let statistics = ContentStatistics(content: content, today: today)
        Console.say(String(StatisticsSummary.text(statistics, year: year).dropLast()))
        let reports = content.reports.filter { year == nil || $0.year == year }
        Console.report(DeclaredComparison.warnings(statistics, reports: reports))
    }
}
