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
