import Foundation

/// The site behind `portal serve`: built with drafts into a private folder (never `public/`),
/// rebuilt on demand, and remembered as it was after the last build that succeeded.
///
/// A failed rebuild leaves the last good output in place — the same atomic swap as `portal build`
/// — and keeps its errors so that every served page can show them until they are fixed.
/// Thread-safe: the watcher rebuilds on its own thread while requests read the state.
public final class PreviewSite: @unchecked Sendable {
    /// What one rebuild did, for the terminal.
    public enum Outcome: Sendable {
        case built(BuildSummary)
        case failed([Diagnostic])
    }

    /// What a request needs to know, read in one go under the lock.
    public struct State: Sendable {
        /// Changes with every rebuild, successful or not: open pages reload when it changes.
        public var version: String
        /// Whether some build succeeded (there is a site to serve).
        public var hasSite: Bool
        /// The problems of the latest rebuild when it failed; empty once a rebuild succeeds.
        public var errors: [Diagnostic]
        /// URL paths of the drafts in the served site.
        public var draftURLs: Set<String>
        /// The path the site is served under (`SiteConfig.basePath`): its pages link there, so
        /// the preview serves it there too, as nginx would.
        public var basePath = "/"
    }

    public let siteRoot: URL
    /// The web root served: a link that each successful build swaps atomically.
    public let output: URL
    private let today: @Sendable () -> PlainDate
    private let lock = NSLock()
    /// Distinguishes this run's versions from an earlier run's, so that a page left open across a
    /// restart reloads too.
    private let runToken = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    private var buildCount = 0
    private var current: State

    /// - Parameters:
    ///   - workFolder: a private folder for the builds, e.g. in the system's temporary folder.
    ///   - today: the day each rebuild treats as today (`--now`, or the real date: a preview left
    ///     running past midnight moves on with it).
    public init(siteRoot: URL, workFolder: URL, today: @escaping @Sendable () -> PlainDate) {
        self.siteRoot = siteRoot.standardizedFileURL
        self.output = workFolder.appendingPathComponent("site")
        self.today = today
        current = State(version: "\(runToken)-0", hasSite: false, errors: [], draftURLs: [])
    }

    public var state: State {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Builds the site (drafts included) into `output`. Call from one thread at a time.
    @discardableResult
    public func rebuild() -> Outcome {
        let options = BuildOptions(siteRoot: siteRoot, output: output, today: today(), includeDrafts: true)
        let outcome: Outcome
        do {
            outcome = .built(try SiteBuilder.build(options))
        } catch let error as DiagnosticsError {
            outcome = .failed(error.diagnostics)
        } catch {
            outcome = .failed([Diagnostic(file: nil, zh: "生成预览失败：\(error)", en: "the preview build failed: \(error)")])
        }
        lock.lock()
        buildCount += 1
        current.version = "\(runToken)-\(buildCount)"
        switch outcome {
        case .built(let summary):
            current.hasSite = true
            current.errors = []
            current.draftURLs = summary.draftURLs
            current.basePath = summary.basePath
        case .failed(let diagnostics):
            current.errors = diagnostics.filter(\.isError)
        }
        lock.unlock()
        return outcome
    }
}
