import Foundation

/// What a build reads, where it writes, and which day it is.
public struct BuildOptions: Sendable {
    /// Folder holding `content/` and `templates/`.
    public var siteRoot: URL
    /// The web root (`public/`).
    public var output: URL
    /// "Today" for drafts, expiry and future dates.
    public var today: PlainDate
    /// Render drafts too, as if they were not drafts (the preview of `portal serve`); never set by
    /// `portal build`, so a draft is never published.
    public var includeDrafts: Bool
    /// Link unchanged pages from the live version instead of building them again (`BuildCache`);
    /// `portal build --full` turns it off.
    public var reusesUnchanged = true
    /// Where the build says which step it is in and how far (`BuildProgress`); nil: nobody asks.
    /// Never changes what is written.
    public var progress: BuildProgress?
    /// Where each step's time and the peak memory are reported (`PORTAL_TIMINGS`); nil: nowhere.
    public var timings: StepTimes?

    public init(siteRoot: URL, output: URL? = nil, today: PlainDate = .today(), includeDrafts: Bool = false) {
        self.siteRoot = siteRoot.standardizedFileURL
        self.output = (output ?? siteRoot.appendingPathComponent("public")).standardizedFileURL
        self.today = today
        self.includeDrafts = includeDrafts
    }
}

/// What a successful build did, for the closing line in the terminal.
public struct BuildSummary: Sendable {
    public var pageCount: Int
    public var publishedItems: Int
    public var warnings: [Diagnostic]
    public var seconds: Double
    /// Files linked unchanged from the previous version instead of built again.
    public var reusedFiles = 0
    /// URL paths of the drafts the build rendered (only with `includeDrafts`), so the preview can
    /// mark them 草稿.
    public var draftURLs: Set<String> = []
    /// The path the site is served under (`SiteConfig.basePath`), for the preview.
    public var basePath = "/"
}
