import ArgumentParser
import Foundation
import PortalCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "检查全部内容，不生成网站。 / Check all content without building the site.",
        discussion: """
        做与 build 相同的全部检查（前置信息、索引号、链接、附件、年度报告勾稽关系、隐私信息等），\
        但不写任何文件。没有错误时退出码为 0，有错误时为 1；警告只在加 --strict 时导致失败。
        Runs every validation that build does (front matter, index numbers, links, attachments, the \
        annual reports' consistency rules, personal data …) and writes nothing. Exit code 0 when \
        clean, 1 on errors; warnings fail the check only with --strict.
        """
    )

    @OptionGroup var site: SiteOptions

    @Flag(name: .long, help: "警告也视为失败。 / Treat warnings as failures too.")
    var strict = false

    func run() throws {
        let options = BuildOptions(siteRoot: site.siteRoot, output: nil, today: try site.today())
        let diagnostics = SiteBuilder.check(options)
        let errors = diagnostics.filter(\.isError).count
        if diagnostics.isEmpty {
            Console.say("检查通过，没有发现问题。 / All clear: no problems found.")
            return
        }
        Console.report(diagnostics)
        if errors > 0 || strict { throw ExitCode(1) }
    }
}
