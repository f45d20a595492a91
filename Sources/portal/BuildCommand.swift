import ArgumentParser
import Foundation
import PortalCore

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "生成整个网站。 / Build the whole site.",
        discussion: """
        读取 content/ 和 templates/，生成网站到输出目录。有任何错误时，列出全部错误并退出（退出码 1），\
        原有的输出目录保持不变。再次生成时，内容、模板、配置和 portal 程序都未变化的页面直接沿用上一版本\
        （记录在输出目录旁的 .<输出目录名>.versions/ 中），结果与全部重新生成完全相同；--full 全部重新生成。\
        输出目录只能是尚不存在的目录、空目录或 portal 以前生成的输出链接；已有文件的目录、普通文件、\
        指向别处的链接、网站根目录以及 content/ 或 templates/ 之内或之上的目录都会被拒绝，不移动、不删除任何东西。\
        磁盘剩余空间少于上次生成所需时，先删除旧版本（当前版本和之前上线的版本除外）。
        Reads content/ and templates/ and writes the site. On any error it lists every problem and \
        exits with code 1, leaving the previous output exactly as it was. A build reuses the pages of \
        the previous version whose content, templates, configuration and portal binary are unchanged \
        (recorded beside the output, in .<output name>.versions/); the result is byte for byte that \
        of a full build. --full builds every page again. \
        The output must be a new folder, an empty folder or an output link portal made before: a folder \
        holding files, a file, a link elsewhere, the site root, or anything inside or above content/ or \
        templates/ is refused before anything is moved or created. When the disk has less free space \
        than the last build took, old versions (never the live one or the one live before it) are \
        pruned first.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp(
        "输出目录（网站根目录，nginx 的 root 指向它），默认为 <网站根目录>/public；须为新目录、空目录或 portal 生成的链接，缺少的上级目录会自动创建。 / The output folder (nginx's root); default: <site root>/public; must be new, empty or portal's own link; missing parent folders are created.",
        valueName: "DIR"))
    var output: String?

    @Flag(name: .long, help: ArgumentHelp(
        "全部重新生成，不沿用上一版本中未变化的页面。 / Build every page again instead of reusing the unchanged ones of the previous version."))
    var full = false

    @Flag(name: .long, help: ArgumentHelp(
        "不显示生成进度行（只在终端中才会显示）。 / Do not show the progress line (shown on a terminal only)."))
    var quiet = false

    func run() throws {
        var options = BuildOptions(
            siteRoot: site.siteRoot,
            output: output.map { URL(fileURLWithPath: $0, isDirectory: true) },
            today: try site.today())
        options.reusesUnchanged = !full
        if ProcessInfo.processInfo.environment["PORTAL_TIMINGS"] != nil { options.timings = StepTimes() }
        let progress = BuildProgress()
        options.progress = progress
        let line = ProgressLine.start(progress, quiet: quiet)
        do {
            let summary: BuildSummary
            do {
                defer { line?.stop() }
                summary = try SiteBuilder.build(options)
            }
            Console.report(summary.warnings)
            Console.say(String(format: "已生成 %d 个页面（%d 条公开信息），用时 %.2f 秒：%@ / Built %d pages (%d items) in %.2f s into %@",
                               summary.pageCount, summary.publishedItems, summary.seconds, options.output.path,
                               summary.pageCount, summary.publishedItems, summary.seconds, options.output.path))
            if summary.reusedFiles > 0 {
                Console.say("其中 \(summary.reusedFiles) 个文件未变化，沿用自上一版本。 / \(summary.reusedFiles) unchanged files were reused from the previous version.")
            }
        } catch let error as DiagnosticsError {
            Console.report(error.diagnostics)
            FileHandle.standardError.write(Data("未生成网站，原有输出保持不变。 / Nothing was published; the previous output is unchanged.\n".utf8))
            throw ExitCode(1)
        }
    }
}
