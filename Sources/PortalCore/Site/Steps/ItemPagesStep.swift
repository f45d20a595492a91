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
        let files = context.plan.content.files
        let guide = context.plan.content.pages.first { $0.slug == StandalonePage.guideSlug }?.link
        let results = parallelMap(context.plan.published) { item -> Result<[Diagnostic], Error> in
            Result {
                let shownGuide = item.category == StandalonePage.guideLinkingCategory ? guide : nil
                var key = ContentHash(context.salt)
                key.combine("item")
                key.combine(item.sourcePath)
                key.combine(item.sourceHash)
                // The page shows each attachment's size, read from the attachment itself.
                for attachment in item.attachments {
                    key.combine(attachment.file)
                    key.combine(attachment.size)
                }
                key.combine(item.related.cacheKey)
                key.combine(shownGuide.map { ($0["title"] ?? "") + "\u{1F}" + ($0["url"] ?? "") } ?? "")
                let file = OutputFolder.file(forURLPath: item.url)
                var problems: [Diagnostic]
                if let note = context.output.cache?.reuseWithNote(file, key: key.value),
                   let links = MarkdownLink.fromCacheNote(note) {
                    // Unchanged since the live version: its links are checked against today's site.
                    problems = context.linkChecker.check(links, pageURL: item.url, file: item.sourcePath, bodyLine: item.bodyLine)
                } else {
                    let markdown = MarkdownRenderer.renderUTF8(item.body)
                    problems = context.linkChecker.check(markdown.links, pageURL: item.url,
                                                         file: item.sourcePath, bodyLine: item.bodyLine)
                    // Only the preview renders drafts; templates can mark them 草稿 with {{#draft}}.
                    let page = ItemPage.values(item, bodyHTML: markdown.html, category: categories[item.category]!,
                                               chrome: context.chrome, draft: item.draft, guide: shownGuide)
                    try context.output.writePage(try context.templates.render("item", page), at: item.url)
                    if let note = MarkdownLink.cacheNote(markdown.links) {
                        context.output.cache?.record(file, key: key.value, note: note)
                    }
                }
                for attachment in item.attachments {
                    try context.output.copyKeepingUnchanged("content/\(item.category)/\(attachment.file)", from: files,
                                                            to: OutputFolder.file(forURLPath: item.url + attachment.file),
                                                            salt: context.salt)
                }
                return problems
            }
        }
        var diagnostics: [Diagnostic] = []
        for result in results { diagnostics += try result.get() }
        return StepResult(pages: results.count, diagnostics: diagnostics)
    }
}

extension MarkdownLink {
    /// An item page's links as the incremental build records them with the page (`BuildCache`):
    /// line, image flag and destination, links separated by U+001F. Nil when a destination holds
    /// a character the record cannot keep (the page is then simply not cached).
    static func cacheNote(_ links: [MarkdownLink]) -> String? {
        var parts: [String] = []
        for link in links {
            if link.destination.unicodeScalars.contains(where: { $0.value < 0x20 }) { return nil }
            parts.append("\(link.line) \(link.isImage ? 1 : 0) \(link.destination)")
        }
        return parts.joined(separator: "\u{1F}")
    }

    static func fromCacheNote(_ note: String) -> [MarkdownLink]? {
        if note.isEmpty { return [] }
        var links: [MarkdownLink] = []
        for part in note.split(separator: "\u{1F}", omittingEmptySubsequences: false) {
            let fields = part.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let line = Int(fields[0]) else { return nil }
            links.append(MarkdownLink(destination: String(fields[2]), line: line, isImage: fields[1] == "1"))
        }
        return links
    }
}
