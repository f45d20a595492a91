import ArgumentParser
import Foundation
import PortalCore

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "生成整个网站。 / Build the whole site.",
        discussion: """
        读取 content/ 和 templates/，生成网站到输出目录。有任何错误时，列出全部错误并退出（退出码 1），\
        原有的输出目录保持不变。
        Reads content/ and templates/ and writes the site. On any error it lists every problem and \
        exits with code 1, leaving the previous output exactly as it was.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp(
        "输出目录（网站根目录，nginx 的 root 指向它），默认为 <网站根目录>/public；缺少的上级目录会自动创建。 / The output folder (nginx's root); default: <site root>/public; missing parent folders are created.",
        valueName: "DIR"))
    var output: String?

    func run() throws {
        let options = BuildOptions(
            siteRoot: site.siteRoot,
            output: output.map { URL(fileURLWithPath: $0, isDirectory: true) },
            today: try site.today())
        do {
            let summary = try SiteBuilder.build(options)
            Console.report(summary.warnings)
            Console.say(String(format: "已生成 %d 个页面（%d 条公开信息），用时 %.2f 秒：%@ / Built %d pages (%d items) in %.2f s into %@",
                               summary.pageCount, summary.publishedItems, summary.seconds, options.output.path,
                               summary.pageCount, summary.publishedItems, summary.seconds, options.output.path))
        } catch let error as DiagnosticsError {
            Console.report(error.diagnostics)
            FileHandle.standardError.write(Data("未生成网站，原有输出保持不变。 / Nothing was published; the previous output is unchanged.\n".utf8))
            throw ExitCode(1)
        }
    }
}
