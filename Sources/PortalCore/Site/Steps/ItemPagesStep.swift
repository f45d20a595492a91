import Foundation

/// `/<category>/<slug>/` for every published item, with its attachments beside it. The bulk of the
/// work: rendered and written in parallel.
struct ItemPagesStep: BuildStep {
    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        var paths: Set<String> = []
        for item in plan.published {
            paths.insert(item.url)
            for attachment in item.attachments { paths.insert(item.url + attachment.file) }
        }
        return paths
    }

    func run(_ context: BuildContext) throws -> StepResult {
        let categories = Dictionary(uniqueKeysWithValues: context.plan.config.categories.map { ($0.slug, $0) })
        let contentRoot = context.plan.content.contentRoot
        let guide = context.plan.content.pages.first { $0.slug == StandalonePage.guideSlug }?.link
        let results = parallelMap(context.plan.published) { item -> Result<[Diagnostic], Error> in
            Result {
                let markdown = MarkdownRenderer.render(item.body)
                let problems = context.linkChecker.check(markdown.links, pageURL: item.url,
                                                         file: item.sourcePath, bodyLine: item.bodyLine)
                var page = ItemPage.context(item, bodyHTML: markdown.html, category: categories[item.category]!,
                                            chrome: context.chrome)
                // Only the preview renders drafts; templates can mark them 草稿 with {{#draft}}.
                if item.draft { page["draft"] = true }
                if item.category == StandalonePage.guideLinkingCategory, let guide { page["guide"] = guide }
                try context.output.writePage(try context.templates.render("item", page), at: item.url)
                for attachment in item.attachments {
                    let source = contentRoot.appendingPathComponent(item.category).appendingPathComponent(attachment.file)
                    try context.output.copy(from: source, to: OutputFolder.file(forURLPath: item.url + attachment.file))
                }
                return problems
            }
        }
        var diagnostics: [Diagnostic] = []
        for result in results { diagnostics += try result.get() }
        return StepResult(pages: results.count, diagnostics: diagnostics)
    }
}
