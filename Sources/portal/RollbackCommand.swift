import ArgumentParser
import Foundation
import PortalCore

struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "让网站回到上一个版本。 / Put the previous version of the site back online.",
        discussion: """
        每次 build 都把完整的新版本保存在输出目录旁的 .<输出目录名>.versions/ 中（保留最近 3 个，以及之前上线的那个），\
        输出目录本身是指向当前版本的链接，并记录各版本上线的先后顺序。rollback 把链接原子地切换回当前版本之前上线的\
        那个版本（而不是编号最接近的版本），nginx 无需重载，不会有请求失败；再次运行可继续沿上线顺序回退。\
        不完整的版本（缺少 index.html 或发布完成标记）和不是 portal 写入的目录（如符号链接）会被拒绝。\
        下一次 build 会发布新版本。
        Every build keeps the complete new version beside the output folder in \
        .<output name>.versions/ (the newest 3, and the one live before it) and the output folder is a \
        link to the live one; the order in which versions were live is recorded. rollback switches that \
        link atomically back to the version that was live before the live one (not the one numbered \
        just below): no nginx reload, no failed request. Run it again to go further back in that order. \
        An incomplete version (no index.html or no completion mark) or an entry portal did not write \
        (such as a symbolic link) is refused. The next build publishes a new version.
        """
    )

    @Option(name: .long, help: ArgumentHelp(
        "网站根目录，默认为当前目录；只用于确定默认的输出目录。 / The site root; default: the current folder. Only used for the default output folder.",
        valueName: "DIR"))
    var source: String = "."

    @Option(name: .long, help: ArgumentHelp(
        "输出目录（与 build 的 --output 相同，nginx 的 root 指向它），默认为 <网站根目录>/public。 / The output folder (the same as build's --output; nginx's root); default: <site root>/public.",
        valueName: "DIR"))
    var output: String?

    func run() throws {
        let options = BuildOptions(siteRoot: URL(fileURLWithPath: source, isDirectory: true),
                                   output: output.map { URL(fileURLWithPath: $0, isDirectory: true) })
        let atomic = AtomicOutput(output: options.output, siteRoot: options.siteRoot)
        do {
            let (restored, was) = try atomic.rollback()
            Console.say("已回滚：\(options.output.path) 现在指向 \(restored)（之前为 \(was)）。 / Rolled back: \(options.output.path) now serves \(restored) (was \(was)).")
        } catch let error as DiagnosticsError {
            Console.report(error.diagnostics)
            throw ExitCode(1)
        }
    }
}
