import Foundation

/// `/search/` and its static index below `/search/index/<version>/` (see `SearchIndexBuilder`).
///
/// The page works as a link (`/search/?q=…`); the search itself runs in the browser
/// (`templates/assets/search.js`), which fetches only the index files a query needs.
struct SearchStep: BuildStep {
    static let section = "/search/"
    static let script = "search.js"

    func navigation(_ plan: BuildPlan) -> [PageChrome.Link] {
        [.init(name: "搜索", url: Self.section)]
    }

    func producedPaths(_ plan: BuildPlan) -> Set<String> { [Self.section] }

    func run(_ context: BuildContext) throws -> StepResult {
        guard let script = context.assets[Self.script] else {
            throw DiagnosticsError([Diagnostic(
                file: "templates/assets/\(Self.script)", zh: "缺少搜索脚本 templates/assets/\(Self.script)",
                en: "the search script templates/assets/\(Self.script) is missing",
                hintZh: "从 portal 自带的 templates/assets/ 目录复制这个文件。",
                hintEn: "Copy this file from portal's own templates/assets/ folder.")])
        }
        let output = context.output
        let documentCount = SearchDocument.count(context.plan)
        // `portal check` writes nothing: the index cannot be wrong in a way an editor could fix,
        // so it is not built there (it is the larger part of a big site's build).
        var folder = "search/index/check/"
        if !output.discardsWrites {
            // The index is a function of the documents alone: when they are unchanged, the live
            // version's index is linked instead of built (`BuildCache`).
            let key = Self.indexKey(context)
            if let reused = output.cache?.reuseFolder(prefix: Self.indexFolder, key: key) {
                folder = reused
            } else {
                let documents = SearchDocument.collect(context.plan)
                assert(documents.count == documentCount, "SearchDocument.count must count what collect collects")
                let version = try SearchIndexBuilder().build(documents) { version in
                    { path, bytes in try output.write(Data(bytes), to: "\(Self.indexFolder)\(version)/\(path)") }
                }
                folder = "\(Self.indexFolder)\(version)/"
                output.cache?.record(folder, key: key)
            }
        }
        let page = context.chrome.context(
            title: "搜索", section: Self.section, breadcrumbs: [.init(name: "搜索", url: Self.section)],
            page: ["search_script": script, "search_index": "/" + folder, "document_count": documentCount])
        try output.writePage(try context.templates.render("search", page), at: Self.section)
        return StepResult(pages: 1)
    }
}
