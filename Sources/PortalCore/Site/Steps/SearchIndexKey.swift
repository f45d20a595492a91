/// The incremental build's key of the search index (`BuildCache`): everything
/// `SearchDocument.collect` reads — each published item's file, in result order, the reports'
/// titles and dates, the pages — on top of the build's salt (binary, templates, configuration).
extension SearchStep {
    static let indexFolder = "search/index/"

    static func indexKey(_ context: BuildContext) -> UInt64 {
        var key = ContentHash(context.salt)
        key.combine("search")
        let plan = context.plan
        for item in plan.published {
            key.combine(item.sourcePath)
            key.combine(item.sourceHash)
        }
        for report in plan.content.reports {
            key.combine(report.title)
            key.combine(report.url)
            key.combine(report.date.iso)
        }
        for page in plan.content.pages {
            key.combine(page.title)
            key.combine(page.url)
            key.combine(page.updated?.iso ?? "")
            key.combine(page.body)
        }
        return key.value
    }
}
