import ArgumentParser
import Foundation
import PortalCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "为一个新单位新建网站。 / Start a new site for an agency.",
        discussion: """
        portal init <目录> --agency <单位名称> --index-prefix <索引号前缀>：在空文件夹或新文件夹中写入一个\
        完整、可以直接生成的网站：content/site.yaml（12 个栏目、单位名称、索引号前缀，页脚各项留待填写）、\
        12 个空栏目目录、content/pages/guide.md（政府信息公开指南框架）、templates/（本程序自带的模板）\
        和 .gitignore。文件夹中已有 content/、templates/ 或 site.yaml 时拒绝，不做任何改动。
        portal init <dir> --agency <name> --index-prefix <prefix> writes a complete, buildable site \
        into an empty or new folder: content/site.yaml (the 12 categories, the agency, the prefix, \
        footer fields left to fill in), the 12 empty category folders, content/pages/guide.md (a \
        disclosure-guide skeleton), templates/ (the ones carried by this program) and a .gitignore. \
        A folder that already holds content/, templates/ or site.yaml is refused and left unchanged.
        """
    )

    @Argument(help: ArgumentHelp("新网站的文件夹（不存在则新建）。 / The folder of the new site (created if missing).", valueName: "目录"))
    var directory: String

    @Option(name: .long, help: ArgumentHelp("单位名称，如 某某县发展和改革局。 / The agency's name.", valueName: "单位名称"))
    var agency: String

    @Option(name: .long, help: ArgumentHelp("索引号前缀（机构代码），如 11370000MB0000000X。 / The index-number prefix (organisation code).", valueName: "前缀"))
    var indexPrefix: String

    @Option(name: .long, help: ArgumentHelp("网站发布后的地址，如 https://www.example.gov.cn/；不写则留占位地址待填。 / The published address; default: a placeholder to fill in.", valueName: "URL"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("网站标题，默认为“<单位名称>政府信息公开”。 / The site title; default: <agency>政府信息公开.", valueName: "标题"))
    var title: String?

    func validate() throws {
        if agency.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--agency 不能为空，例如 --agency 某某县发展和改革局。 / --agency cannot be empty, e.g. --agency 某某县发展和改革局.")
        }
        if let problem = SiteScaffold.indexPrefixProblem(indexPrefix) {
            throw ValidationError("--index-prefix：\(problem.zh)。 / --index-prefix: \(problem.en).")
        }
        if let baseURL, case .failure(let error) = SiteScaffold.normalisedBaseURL(baseURL) {
            let message = error.diagnostics[0].message
            throw ValidationError("--base-url：\(message.zh)，例如 https://www.example.gov.cn/。 / --base-url: \(message.en), e.g. https://www.example.gov.cn/.")
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            _ = try SiteScaffold.create(.init(agency: agency, indexPrefix: indexPrefix, baseURL: baseURL, title: title,
                                              today: .today()), root: root)
        } catch {
            Console.report(error.diagnostics)
            throw ExitCode(1)
        }
        let cd = directory == "." ? "" : "cd \(directory)\n  "
        Console.say("""
        已在 \(directory) 新建网站。接下来：
          \(cd)1. 编辑 content/site.yaml：填写网站地址（base_url）、网站标识码（site_code）和页脚的备案号、联系方式（标有【请填写】处）；
          2. 补全 content/pages/guide.md 中【请填写：…】处；
          3. portal new 部门会议 "标题"  新建一条信息，写好正文后删去 draft: true；
          4. portal build  生成网站到 public/（portal serve 可先预览）；
          更多说明见 README 的“新单位使用”一节。
        Created a new site in \(directory). Next:
          \(cd)1. edit content/site.yaml: base_url, site_code and the footer's record numbers and contact lines (marked 【请填写】);
          2. fill in the 【请填写：…】 places of content/pages/guide.md;
          3. portal new meetings "title" to add an item; delete draft: true when its body is written;
          4. portal build to build the site into public/ (portal serve to preview first);
          see "Starting a site for your agency" in the README.
        """)
    }
}
