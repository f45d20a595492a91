import ArgumentParser
import Foundation
import PortalCore

/// Options shared by the commands that read a site.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "网站根目录（包含 content/ 和 templates/），默认为当前目录。 / The site root holding content/ and templates/; default: the current folder.",
        valueName: "DIR"))
    var source: String = "."

    @Option(name: .long, help: ArgumentHelp(
        "把这一天当作“今天”（YYYY-MM-DD），决定草稿、过期和未来日期的信息是否发布；默认为真实日期（北京时间）。 / The day to treat as today (YYYY-MM-DD) for drafts, expiry and future dates; default: the real date in China.",
        valueName: "YYYY-MM-DD"))
    var now: String?

    var siteRoot: URL { URL(fileURLWithPath: source, isDirectory: true) }

    func validate() throws {
        _ = try today()
    }

    func today() throws -> PlainDate {
        guard let now else { return .today() }
        guard let date = PlainDate(iso: now) else {
            throw ValidationError("--now 的日期“\(now)”无效，应为 YYYY-MM-DD，例如 2021-12-31。 / --now “\(now)” is not a date YYYY-MM-DD, e.g. 2021-12-31.")
        }
        return date
    }
}

/// Prints diagnostics the way editors read them: grouped by file, colour only on a terminal.
enum Console {
    static var useColor: Bool { isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    static func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        FileHandle.standardError.write(Data((DiagnosticPrinter(useColor: useColor).report(diagnostics) + "\n").utf8))
    }

    static func say(_ text: String) {
        print(text)
    }
}
