/// One thing the search finds: a published item, an annual report or a standalone page.
///
/// The searchable text has two tiers. The *title tier* (title, 索引号, 文号) is what ranks a
/// result first; the *body tier* (主题分类 and the body as plain text) is everything else. The
/// browser shows the display fields as they are and searches them after `SearchNormalizer`.
public struct SearchDocument: Sendable, Equatable {
    public let title: String
    public let url: String
    /// 发布日期 (`YYYY-MM-DD`), empty for a page without one.
    public let date: String
    /// Category name (民生公益), 年度报告 or 页面.
    public let section: String
    /// 索引号, empty for reports and pages.
    public let indexNo: String
    /// 文号, empty when there is none.
    public let docNo: String
    /// 主题分类.
    public let topics: [String]
    /// The body as plain text (Markdown markup removed), paragraphs on their own lines.
    public let body: String

    public init(title: String, url: String, date: String, section: String, indexNo: String = "",
                docNo: String = "", topics: [String] = [], body: String = "") {
        self.title = title
        self.url = url
        self.date = date
        self.section = section
        self.indexNo = indexNo
        self.docNo = docNo
        self.topics = topics
        self.body = body
    }

    /// Fields of the title tier, in index order. `search.js` (`documentFields`) lists the same.
    var titleFields: [String] { [title, indexNo, docNo].filter { !$0.isEmpty } }
    /// Fields of the body tier, in index order.
    var bodyFields: [String] { (topics + [body]).filter { !$0.isEmpty } }
}

extension SearchDocument {
    /// Everything the site publishes that a reader can look for, in result order: newest first
    /// (so that a document's number is its rank among equals), pages without a date last.
    /// How many documents `collect` returns, without collecting them (which takes every body
    /// through cmark): what the search page shows when the index is reused.
    static func count(_ plan: BuildPlan) -> Int {
        plan.published.count + plan.content.reports.count + plan.content.pages.count
    }

    static func collect(_ plan: BuildPlan) -> [SearchDocument] {
        let categories = Dictionary(uniqueKeysWithValues: plan.config.categories.map { ($0.slug, $0.name) })
        var dated: [(PlainDate, Int, SearchDocument)] = []
        let items = parallelMap(plan.published) { item in
            SearchDocument(title: item.title, url: item.url, date: item.date.iso,
                           section: categories[item.category] ?? item.category,
                           indexNo: item.indexNo.description, docNo: item.docNo ?? "", topics: item.topics,
                           body: MarkdownRenderer.plainText(item.body))
        }
        // `published` is already newest first; the sequence number keeps that order among equal dates.
        for (index, (item, document)) in zip(plan.published, items).enumerated() {
            dated.append((item.date, index, document))
        }
        for (index, report) in plan.content.reports.enumerated() {
            dated.append((report.date, items.count + index,
                          SearchDocument(title: report.title, url: report.url, date: report.date.iso, section: "年度报告")))
        }
        dated.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        var documents = dated.map(\.2)
        for page in plan.content.pages {
            documents.append(SearchDocument(title: page.title, url: page.url, date: page.updated?.iso ?? "",
                                            section: "页面", body: MarkdownRenderer.plainText(page.body)))
        }
        return documents
    }
}
