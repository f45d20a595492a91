/// One year's proactively disclosed items (主动公开政府信息), counted from the content: the total,
/// per category and per month of 发布日期 — or, for a year before `statistics_from`, the figures its
/// annual report declares (据年度报告), because the content holds only part of that year.
public struct YearCounts: Sendable, Hashable {
    /// Where the figures come from.
    public enum Source: String, Sendable, Hashable {
        /// Counted from `content/`.
        case content
        /// The annual report's `published_items` (a year before `statistics_from`).
        case annualReport = "annual-report"
    }

    public let year: Int
    public private(set) var source: Source = .content
    /// For a declared year, the categories the report names: the others are unknown, not 0.
    /// nil for a counted year, where every category is known.
    public private(set) var declaredCategories: Set<String>?
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

    /// The figures `published_items` declares for `year`. The total is the declared one, or the sum of
    /// the declared categories when the report gives none. Months are not declared: `hasMonths` is false.
    public static func declared(year: Int, _ published: PublishedItems) -> YearCounts {
        var counts = YearCounts(year: year, categories: [])
        counts.source = .annualReport
        counts.byCategory = published.byCategory
        counts.declaredCategories = Set(published.byCategory.keys)
        counts.total = published.total ?? published.byCategory.values.reduce(0, +)
        return counts
    }

    public var isDeclared: Bool { source == .annualReport }

    /// Whether the months are known: a report declares no figures per month.
    public var hasMonths: Bool { source == .content }

    /// Whether the figure of a category is known (always, for a counted year).
    public func knows(category slug: String) -> Bool {
        declaredCategories.map { $0.contains(slug) } ?? true
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
