/// One year's proactively disclosed items (主动公开政府信息), counted from the content: the total,
/// per category and per month of 发布日期.
public struct YearCounts: Sendable, Hashable {
    public let year: Int
    /// Every item counted this year.
    public private(set) var total: Int
    /// Keyed by category slug; every configured category is present, 0 when it has no items.
    public private(set) var byCategory: [String: Int]
    /// January to December: `byMonth[0]` is 1月.
    public private(set) var byMonth: [Int]

    /// An empty year with a zero for every category in `categories`.
    public init(year: Int, categories: [Category]) {
        self.year = year
        total = 0
        byCategory = Dictionary(categories.map { ($0.slug, 0) }, uniquingKeysWith: { first, _ in first })
        byMonth = Array(repeating: 0, count: 12)
    }

    /// Counts one item dated `date` in `category`.
    mutating func add(category: String, date: PlainDate) {
        total += 1
        byCategory[category, default: 0] += 1
        byMonth[date.month - 1] += 1
    }

    /// The count of one category (0 when it has none).
    public subscript(category slug: String) -> Int { byCategory[slug] ?? 0 }

    /// The count of a month, 1…12.
    public subscript(month month: Int) -> Int { byMonth[month - 1] }
}
