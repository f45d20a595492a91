import Foundation

/// `/feed.xml`: the Atom feed of the 50 newest published items, with absolute URLs from `base_url`.
struct FeedStep: BuildStep {
    func producedPaths(_ plan: BuildPlan) -> Set<String> { [URLLayout.feed] }

    func run(_ context: BuildContext) throws -> StepResult {
        let plan = context.plan
        let names = Dictionary(uniqueKeysWithValues: plan.config.categories.map { ($0.slug, $0.name) })
        let entries = plan.published.prefix(AtomFeed.entryLimit).map { item in
            AtomFeed.Entry(item: item, categoryName: names[item.category] ?? item.category,
                           bodyHTML: MarkdownRenderer.render(item.body).html)
        }
        // A feed without entries still needs an `updated`; the newest report, else the build's
        // day (`--now`), keeps it reproducible.
        let fallback = plan.reports.map(\.date).max() ?? plan.today
        let xml = AtomFeed.document(entries: Array(entries), config: plan.config, fallbackUpdated: fallback)
        try context.output.write(Data(xml.utf8), to: OutputFolder.file(forURLPath: URLLayout.feed))
        return StepResult(pages: 0)
    }
}
