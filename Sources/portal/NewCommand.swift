import ArgumentParser
import Foundation
import PortalCore

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "新建一条信息或一年的年度报告。 / Create an item or a year's annual report.",
        discussion: """
        portal new <栏目> "<标题>"：在 content/<栏目>/ 中新建信息文件 <发布日期>-<流水号>.md，\
        自动填好标题、发布日期（默认今天）、索引号（全站本年最大流水号加一，草稿、年度报告和有错误的文件也算）\
        和发布机构，输出文件路径。新信息是草稿（draft: true）：写好正文后删去这一行才会发布。\
        栏目可写英文目录名或中文名称。
        portal new report <年份>：新建 content/annual-reports/<年份>/，包括按国家格式分节的 index.md \
        和每一行都已列出（填 0）的 statistics.yaml；上年结转取自上一年报告的结转下年度，\
        published_items 按内容统计。2019、2020 年度按 2019 年格式（国办公开办函〔2019〕60号）生成，\
        2019 年以前的报告只有 index.md（表格写在正文中）；--format 2019 或 2021 可另行指定。
        portal new <category> "<title>" writes content/<category>/<date>-<serial>.md with the title, \
        the date (default today), the next free index number of the year across the whole site \
        (drafts, annual reports and broken files included) and the publisher filled in, and prints \
        its path. The new item is a draft (draft: true): delete that line when the body is written. \
        portal new report <year> scaffolds content/annual-reports/<year>/: index.md in the national \
        sections and statistics.yaml with every row present and zero, last year's carry-over and \
        the year's counted items filled in. Reports for 2019 and 2020 take the 2019 format \
        (国办公开办函〔2019〕60号), reports before 2019 are index.md alone (tables in the body); \
        --format 2019 or 2021 chooses another.
        """
    )

    @Argument(help: ArgumentHelp(
        "栏目的英文目录名（如 meetings）或中文名称（如 部门会议）；或者 report 表示年度报告。 / A category slug (meetings) or its Chinese name (部门会议); or report for an annual report.",
        valueName: "栏目|report"))
    var kind: String

    @Argument(help: ArgumentHelp(
        "信息标题；年度报告则为四位年份。 / The item's title; for report, the year (four digits).",
        valueName: "标题|年份"))
    var titleOrYear: String?

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp(
        "发布日期（YYYY-MM-DD），默认为今天（北京时间）；决定索引号的年份。 / The publication date (YYYY-MM-DD); default: today in China. It decides the year of the index number.",
        valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(name: .long, help: ArgumentHelp(
        "年度报告统计表的格式：2019（国办公开办函〔2019〕60号）或 2021（国办公开办函〔2021〕30号）；默认按年份。 / The report tables' format: 2019 or 2021; default: the year's own.",
        valueName: "2019|2021"))
    var format: Int?

    // Every new item is a draft now; the flag stays so that existing scripts keep working.
    @Flag(name: .long, help: "写入 draft: true（草稿）。已是默认：新信息总是草稿。 / Write draft: true. The default already: a new item is always a draft.")
    var draft = false

    func validate() throws {
        if let format, ReportFormat(rawValue: format) == nil {
            throw ValidationError("--format 只能是 2019 或 2021。 / --format must be 2019 or 2021.")
        }
        if let date, PlainDate(iso: date) == nil {
            throw ValidationError("--date 的日期“\(date)”无效，应为 YYYY-MM-DD，例如 2021-03-15。 / --date “\(date)” is not a date YYYY-MM-DD, e.g. 2021-03-15.")
        }
        guard titleOrYear != nil else {
            throw ValidationError(kind == "report"
                ? "缺少年份，例如：portal new report 2022 / The year is missing, e.g. portal new report 2022"
                : "缺少标题，例如：portal new \(kind) \"关于……的通知\" / The title is missing, e.g. portal new \(kind) \"关于……的通知\"")
        }
    }

    func run() throws {
        let today = try site.today()
        let day = date.flatMap { PlainDate(iso: $0) } ?? today
        let argument = titleOrYear ?? ""
        do {
            if format != nil, kind != "report" {
                throw ValidationError("--format 只用于年度报告（portal new report <年份>）。 / --format is for annual reports only.")
            }
            if kind == "report", let year = Self.year(argument) {
                guard !draft else {
                    throw ValidationError("年度报告没有草稿（draft）选项。 / An annual report has no --draft.")
                }
                try newReport(year: year, date: day, today: today)
            } else if kind == "report", !siteHasReportCategory() {
                throw ValidationError("portal new report 后面应写四位年份，例如 portal new report 2022。 / portal new report needs a year of four digits, e.g. portal new report 2022.")
            } else {
                try newItem(title: argument, date: day)
            }
        } catch let error as DiagnosticsError {
            Console.report(error.diagnostics)
            throw ExitCode(1)
        }
    }

    private func newItem(title: String, date: PlainDate) throws {
        let created = try ItemScaffold.create(.init(category: kind, title: title, date: date, draft: true), siteRoot: site.siteRoot)
        Console.say(display(created.path))
        note("已新建“\(created.category.name)”栏目的信息（草稿），索引号 \(created.indexNumber)。用文本编辑器打开上面的文件，把占位的一行换成正文，运行 portal serve 预览、portal check 检查；确认无误后删去 draft: true 这一行，信息才会发布。",
             "Created a draft item in \(created.category.slug) with index number \(created.indexNumber). Replace the placeholder line of the file above with the body, preview with portal serve, check with portal check; then delete the draft: true line to publish it.")
    }

    private func newReport(year: Int, date: PlainDate, today: PlainDate) throws {
        let created = try ReportScaffold.create(year: year, date: date, today: today, siteRoot: site.siteRoot,
                                                format: format.flatMap(ReportFormat.init(rawValue:)))
        Console.report(created.warnings)
        Console.say(display(created.indexPath))
        guard let statisticsPath = created.statisticsPath else {
            note("已新建 \(year) 年度报告：\(year) 年还没有全国统一的统计表，按原文在 index.md 中录入全文，表格写成竖线表格（| … |），然后运行 portal check。",
                 "Created the \(year) report: \(year) had no national tables, so enter the whole report in index.md as published, its tables as pipe tables (| … |), then run portal check.")
            return
        }
        Console.say(display(statisticsPath))
        if created.format == .trial2019 {
            note("statistics.yaml 按 2019 年格式（国办公开办函〔2019〕60号）生成。", "statistics.yaml is in the 2019 format (国办公开办函〔2019〕60号).")
        }
        let carried = created.carriedOverFrom.map { "上年结转已按 \($0) 年报告的结转下年度填写；" } ?? ""
        let carriedEn = created.carriedOverFrom.map { "carried_over is taken from the \($0) report; " } ?? ""
        note("已新建 \(year) 年度报告：在 index.md 中填写一、五、六部分，在 statistics.yaml 中填写各项数字（\(carried)主动公开篇数已按内容统计），然后运行 portal check。",
             "Created the \(year) report: write sections 一, 五 and 六 in index.md and the numbers in statistics.yaml (\(carriedEn)published_items is counted from the content), then run portal check.")
    }

    /// A four-digit year, or nil.
    private static func year(_ text: String) -> Int? {
        guard text.count == 4, text.allSatisfy(\.isASCII), let year = Int(text) else { return nil }
        return year
    }

    /// Whether the site configures a category named `report`: then `portal new report <title>`
    /// is an item in it (a four-digit second argument still means the annual report).
    private func siteHasReportCategory() -> Bool {
        // Read without following links, like every read of the site (no walk needed for one file).
        guard case .bytes(let bytes) = SiteFiles(siteRoot: site.siteRoot, folders: []).read("content/\(SiteConfig.fileName)"),
              case .success(let config) = SiteConfig.parse(String(decoding: bytes, as: UTF8.self))
        else { return false }
        return config.category(slug: "report") != nil
    }

    /// The path as the editor can open it: relative when working in the site root.
    private func display(_ relativePath: String) -> String {
        site.source == "." ? relativePath : (site.source as NSString).appendingPathComponent(relativePath)
    }

    /// The explanation goes to stderr, so that stdout holds only paths (`code $(portal new …)`).
    private func note(_ zh: String, _ en: String) {
        FileHandle.standardError.write(Data("\(zh)\n\(en)\n".utf8))
    }
}
