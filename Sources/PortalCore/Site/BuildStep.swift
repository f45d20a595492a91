import Foundation

/// One part of the site a build writes: item pages, category indexes, annual reports, home, …
///
/// The build runs `BuildSteps.all` in order. Before anything is written, every step says which URL
/// paths it will produce (so that links in any page can be checked against the whole site) and
/// which navigation entries it adds after the categories.
protocol BuildStep: Sendable {
    /// Navigation entries after the categories (年度报告, 统计, …).
    func navigation(_ plan: BuildPlan) -> [PageChrome.Link]
    /// Every URL path this step writes (`/meetings/`, `/meetings/x/list.pdf`, …).
    func producedPaths(_ plan: BuildPlan) -> Set<String>
    /// Renders and writes the step's pages.
    func run(_ context: BuildContext) throws -> StepResult
}

extension BuildStep {
    func navigation(_ plan: BuildPlan) -> [PageChrome.Link] { [] }
}

/// What a step did: pages written and problems found (broken links, …).
struct StepResult: Sendable {
    var pages: Int
    var diagnostics: [Diagnostic] = []
    /// Work the step leaves for after every step has run, when the build has let go of the
    /// content (the plan and its items): it must not hold on to them. The search index's
    /// analysis is the build's peak of memory, and the items' text would only add to it.
    var deferred: (@Sendable () throws -> Void)?
}

/// A step's `StepResult.deferred` work, with the step (for the progress line and the timings).
struct DeferredWork: Sendable {
    let step: any BuildStep
    let run: @Sendable () throws -> Void
}

/// What the steps know before rendering starts: the content and what is published today.
struct BuildPlan: Sendable {
    let site: SiteBuilder.LoadedSite
    let today: PlainDate
    var content: SiteContent { site.content }
    var config: SiteConfig { site.content.config }
    /// Items on the site today, newest first (ties: 索引号 descending).
    let published: [Item]
    /// `published`, per category slug, in the same order.
    let byCategory: [String: [Item]]
    /// The annual reports on the site today, oldest first: a report, like an item, is published
    /// from its `date` on. Every page, list, feed, sitemap and statistic takes its reports from
    /// here; only the checks (`content.reports`) see the reports still to come.
    let reports: [AnnualReport]
    /// `interprets` naming no item, or an unpublished one (`Interpretations`).
    let interpretationProblems: [Diagnostic]
    /// The pictures and pasted HTML of each published item's body, by the item's URL, surveyed once
    /// for the link checker's produced paths and for the item pages (`ItemPagesStep.media`); only
    /// bodies that may hold them (`![` or `<`) are parsed, the others have no entry.
    let media: [String: ItemMedia]
    /// The item bodies' plain text, left by the item pages for the search index.
    let plainTexts = PlainTexts()
    /// Each step's `producedPaths`, made once (`producedPaths(of:)`).
    private let producedPathsMemo = ProducedPathsMemo()

    /// - Parameter includeDrafts: render drafts as well (preview only); their dates and expiry
    ///   still apply.
    init(site: SiteBuilder.LoadedSite, today: PlainDate, includeDrafts: Bool = false) {
        self.site = site
        self.today = today
        // Sorted by index: an `Item` is a large value, and moving tens of thousands of them
        // around while sorting cost more than the comparisons.
        let items = site.content.items
        // And the day first, as one number: most comparisons end there, without reading two items.
        var order = items.indices.filter { Self.shows(items[$0], on: today, includeDrafts: includeDrafts) }
            .map { (day: items[$0].date.dayNumber, index: $0) }
        order.sort { a, b in a.day != b.day ? a.day > b.day : Item.newestFirst(items[a.index], items[b.index]) }
        let (relations, problems) = Interpretations.resolve(items, shown: order.map(\.index), today: today,
                                                            numbersInError: Set(site.content.itemsInError.compactMap(\.indexNo)))
        interpretationProblems = problems
        published = relations.isEmpty ? order.map { items[$0.index] } : order.map {
            var item = items[$0.index]
            if let related = relations[$0.index] { item.related = related }
            return item
        }
        var byCategory: [String: [Item]] = [:]
        for item in published { byCategory[item.category, default: []].append(item) }
        self.byCategory = byCategory
        reports = site.content.reports.filter { Self.shows($0, on: today) }
        let files = site.content.files
        let surveyed = published.filter { ItemPagesStep.mayHoldMedia($0.body) }
        let surveys = parallelMap(surveyed) { ItemPagesStep.media(of: $0, files: files) }
        media = Dictionary(zip(surveyed.map(\.url), surveys), uniquingKeysWith: { first, _ in first })
    }

    /// The paths `step` produces, asked of it once per plan: the link checker needs every step's,
    /// and the sitemap the other steps' again, to count its pages.
    func producedPaths(of step: any BuildStep) -> Set<String> {
        producedPathsMemo.paths(ObjectIdentifier(type(of: step))) { step.producedPaths(self) }
    }

    /// Whether the site of `today` shows `report`: its publication day has come (drafts of
    /// reports do not exist, so the preview shows the same).
    static func shows(_ report: AnnualReport, on today: PlainDate) -> Bool {
        report.date <= today
    }

    /// Whether the site of `today` shows `item`: published, or a draft the preview includes.
    static func shows(_ item: Item, on today: PlainDate, includeDrafts: Bool) -> Bool {
        if item.isPublished(on: today) { return true }
        guard includeDrafts, item.draft, item.date <= today else { return false }
        return item.expires.map { $0 >= today } ?? true
    }
}

/// The produced paths of a plan's steps (the steps are values without state of their own: one
/// per type).
private final class ProducedPathsMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [ObjectIdentifier: Set<String>] = [:]

    func paths(_ step: ObjectIdentifier, _ make: () -> Set<String>) -> Set<String> {
        if let paths = lock.withLock({ known[step] }) { return paths }
        let paths = make()
        lock.withLock { known[step] = paths }
        return paths
    }
}

/// What a step renders with.
struct BuildContext: Sendable {
    let plan: BuildPlan
    let templates: TemplateRenderer
    let chrome: PageChrome
    let output: OutputFolder
    let linkChecker: LinkChecker
    /// Published URL path of each file of templates/assets/ (`search.js` → `/assets/search.<hash>.js`).
    var assets: [String: String] = [:]
    /// What every incremental-build key starts from (`BuildCache.salt`).
    var salt: UInt64 = 0
    /// Counts the parts of a step as they are done, for a progress line (nil: nobody watches).
    var progress: BuildProgress?
}
