/// The search index in segments: one per year of publication, newest first, and one for the
/// pages without a date, last. Each is an index of its own (`SearchIndexBuilder`, in its own
/// `/search/index/<version>/` folder) and `search.js` joins their answers in this order, which
/// is the order of one index over everything (newest first, pages last).
///
/// Why: an edit touches one year, so an incremental build (`BuildCache`) builds that year's
/// segment again and links the others; most edits are in the current year, the smallest.
extension SearchStep {
    static let indexFolder = "search/index/"

    struct Segment {
        /// `2024`, or `pages`.
        let label: String
        /// Published items of the year, newest first (the plan's order).
        var items: [Item] = []
        /// Annual reports published (dated) in the year.
        var reports: [AnnualReport] = []
        var pages: [StandalonePage] = []

        var documentCount: Int { items.count + reports.count + pages.count }
    }

    /// The segments of the site, in search order; empty years have none.
    static func segments(_ plan: BuildPlan) -> [Segment] {
        var byYear: [Int: Segment] = [:]
        for item in plan.published { byYear[item.date.year, default: Segment(label: "\(item.date.year)")].items.append(item) }
        for report in plan.content.reports {
            byYear[report.date.year, default: Segment(label: "\(report.date.year)")].reports.append(report)
        }
        var segments = byYear.keys.sorted(by: >).map { byYear[$0]! }
        if !plan.content.pages.isEmpty { segments.append(Segment(label: "pages", pages: plan.content.pages)) }
        return segments
    }

    /// The incremental build's key of a segment's index (`BuildCache`): everything
    /// `SearchDocument.collect` reads of its documents — each item's file, the reports' titles and
    /// dates, the pages — on top of the build's salt (binary, templates, configuration).
    static func key(of segment: Segment, salt: UInt64) -> UInt64 {
        var key = ContentHash(salt)
        key.combine("search segment")
        key.combine(segment.label)
        for item in segment.items {
            key.combine(item.sourcePath)
            key.combine(item.sourceHash)
        }
        for report in segment.reports {
            key.combine(report.title)
            key.combine(report.url)
            key.combine(report.date.iso)
        }
        for page in segment.pages {
            key.combine(page.title)
            key.combine(page.url)
            key.combine(page.updated?.iso ?? "")
            key.combine(page.body)
        }
        return key.value
    }
}
