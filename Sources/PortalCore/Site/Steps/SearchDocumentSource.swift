/// What the search step makes its documents from: the published items, the reports and the pages
/// of the build's plan (the index itself, `Search/`, knows documents only).
extension SearchDocument {
    /// What one document is made from.
    enum Source: Sendable {
        case item(Item)
        case report(AnnualReport)
        case page(StandalonePage)

        /// Every document's source, in result order: newest first (so that a document's number
        /// is its rank among equals), pages without a date last.
        static func all(_ plan: BuildPlan) -> [Source] {
            var dated: [(date: PlainDate, sequence: Int, source: Source)] = []
            // `published` is already newest first; the sequence number keeps that order among equal dates.
            for (index, item) in plan.published.enumerated() { dated.append((item.date, index, .item(item))) }
            for (index, report) in plan.reports.enumerated() {
                dated.append((report.date, plan.published.count + index, .report(report)))
            }
            dated.sort { $0.date != $1.date ? $0.date > $1.date : $0.sequence < $1.sequence }
            return dated.map(\.source) + plan.content.pages.map { .page($0) }
        }

        /// The document, which for items and pages takes the body through cmark (an item's from its
        /// page's parse when the item pages rendered it in this build: `PlainTexts`).
        func document(_ plan: BuildPlan) -> SearchDocument {
            switch self {
            case .item(let item):
                let section = plan.config.category(slug: item.category)?.name ?? item.category
                return SearchDocument(title: item.title, url: item.url, date: item.date.iso, section: section,
                                      indexNo: item.indexNo.description, docNo: item.docNo ?? "", topics: item.topics,
                                      body: plan.plainTexts.take(item.url) ?? MarkdownRenderer.plainText(item.body))
            case .report(let report):
                return SearchDocument(title: report.title, url: report.url, date: report.date.iso, section: "年度报告")
            case .page(let page):
                return SearchDocument(title: page.title, url: page.url, date: page.updated?.iso ?? "",
                                      section: "页面", body: MarkdownRenderer.plainText(page.body))
            }
        }

        /// A hash of everything `document` reads, on top of `salt` (the binary and `site.yaml`,
        /// which names the categories): equal keys, equal documents.
        func key(salt: UInt64) -> UInt64 {
            var key = ContentHash(salt)
            switch self {
            case .item(let item):
                key.combine("item")
                key.combine(item.sourcePath)
                key.combine(item.sourceHash)
            case .report(let report):
                key.combine("report")
                key.combine(report.title)
                key.combine(report.url)
                key.combine(report.date.iso)
            case .page(let page):
                key.combine("page")
                key.combine(page.title)
                key.combine(page.url)
                key.combine(page.updated?.iso ?? "")
                key.combine(page.body)
            }
            return key.value
        }
    }
}
