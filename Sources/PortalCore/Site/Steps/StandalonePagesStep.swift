/// `/<slug>/` for every standalone page (政府信息公开指南, 制度, …); pages with `nav: true` join the
/// main navigation in their `order`.
struct StandalonePagesStep: BuildStep {
    func navigation(_ plan: BuildPlan) -> [PageChrome.Link] {
        plan.content.pages.filter(\.nav).map { .init(name: $0.navTitle ?? $0.title, url: $0.url) }
    }

    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        Set(plan.content.pages.map(\.url))
    }

    func run(_ context: BuildContext) throws -> StepResult {
        var diagnostics: [Diagnostic] = []
        for page in context.plan.content.pages {
            let markdown = MarkdownRenderer.render(page.body)
            diagnostics += context.linkChecker.check(markdown.links, pageURL: page.url, file: page.sourcePath, bodyLine: page.bodyLine)
            var values: [String: Any] = ["title": page.title, "body": markdown.html]
            if let updated = page.updated {
                values["updated"] = updated.chinese
                values["updated_iso"] = updated.iso
            }
            let html = try context.templates.render("page", context.chrome.context(
                title: page.title, section: page.url, breadcrumbs: [.init(name: page.title, url: page.url)], page: values))
            try context.output.writePage(html, at: page.url)
        }
        return StepResult(pages: context.plan.content.pages.count, diagnostics: diagnostics)
    }
}
