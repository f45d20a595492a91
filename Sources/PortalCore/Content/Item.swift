/// A file attached to an item (补贴名单.pdf …), stored beside its Markdown file.
public struct Attachment: Sendable, Hashable {
    /// File name in the item's folder; also its name in the published item folder.
    public let file: String
    public let title: String
    /// Size in bytes, for the reader ("PDF，120.5 KB").
    public let size: Int
}

/// 有效性 of a document.
public enum Validity: String, Sendable, CaseIterable {
    case valid = "有效"
    case expired = "失效"
    case repealed = "废止"
}

/// A proactive-disclosure item (主动公开信息): one Markdown file in a category folder.
public struct Item: Sendable {
    /// Category slug (the folder).
    public let category: String
    /// File name without `.md`; the last URL segment.
    public let slug: String
    /// Path relative to the site root, for messages: `content/meetings/2021-03-15-x.md`.
    public let sourcePath: String
    public let title: String
    /// 发布日期.
    public let date: PlainDate
    /// 索引号.
    public let indexNo: IndexNumber
    /// File line of `index_no`, for messages about it.
    public let indexNoLine: Int?
    /// 发布机构 (the site agency when not given).
    public let publisher: String
    /// 文号.
    public let docNo: String?
    /// 成文日期.
    public let written: PlainDate?
    /// 主题分类.
    public let topics: [String]
    /// 有效性.
    public let validity: Validity?
    /// Last day on the published site (公示期满).
    public let expires: PlainDate?
    public let draft: Bool
    public let attachments: [Attachment]
    /// A reviewer's note approving personal data in this item (`privacy_exception`), if any.
    public let privacyException: String?
    /// The Markdown body.
    public let body: String
    /// File line where the body starts, to turn body lines into file lines.
    public let bodyLine: Int
    /// 索引号 of the documents this item is a 政策解读 of (`interprets`), as written, without repeats.
    public var interprets: [IndexNumber] = []
    /// File line of `interprets`, for messages about it.
    public var interpretsLine: Int? = nil
    /// A hash of the file's bytes (`SourceHash`): what an incremental build compares.
    public internal(set) var sourceHash: UInt64 = 0
    /// The 解读 links of this item on the site being built (set by `BuildPlan`: they depend on
    /// what is published on `--now`).
    public internal(set) var related = RelatedItems()

    public var url: String { URLLayout.item(category: category, slug: slug) }

    /// Whether the item is on the published site on `today`.
    public func isPublished(on today: PlainDate) -> Bool {
        if draft || date > today { return false }
        if let expires, expires < today { return false }
        return true
    }

    /// Newest first; items of the same day by 索引号, highest first.
    public static func newestFirst(_ a: Item, _ b: Item) -> Bool {
        if a.date != b.date { return a.date > b.date }
        if a.indexNo != b.indexNo { return a.indexNo > b.indexNo }
        return a.sourcePath < b.sourcePath
    }
}

/// Another item linked from an item's page: a 政策解读 and the document it interprets.
public struct ItemLink: Sendable, Hashable {
    public let title: String
    public let url: String
    public let date: PlainDate
}

/// The 政策解读 relations of one item, resolved against the items shown on the site.
public struct RelatedItems: Sendable, Hashable {
    /// 解读的文件: the documents this item interprets, in the order of `interprets`.
    public var interpreted: [ItemLink] = []
    /// 相关解读: the items interpreting this one, newest first.
    public var interpretations: [ItemLink] = []

    public var isEmpty: Bool { interpreted.isEmpty && interpretations.isEmpty }

    /// What the item page shows of the other items, for the incremental build's page key: a
    /// related item's new title or URL must re-render this page, though this file is unchanged.
    var cacheKey: String {
        if isEmpty { return "" }
        return (interpreted.map { "i\($0.title)\u{1F}\($0.url)" } + interpretations.map { "r\($0.title)\u{1F}\($0.url)\u{1F}\($0.date.iso)" })
            .joined(separator: "\u{1E}")
    }
}
