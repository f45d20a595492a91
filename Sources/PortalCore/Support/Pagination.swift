/// Splits a category's items into index pages: page 1 at `/<category>/`, then `/<category>/page/N/`.
public struct Pagination: Sendable, Equatable {
    public let itemCount: Int
    public let pageSize: Int

    public init(itemCount: Int, pageSize: Int) {
        self.itemCount = itemCount
        self.pageSize = max(1, pageSize)
    }

    /// At least one page, so an empty category still has its index page.
    public var pageCount: Int { max(1, (itemCount + pageSize - 1) / pageSize) }

    /// The items of page `number` (1-based) as a range of indices.
    public func range(ofPage number: Int) -> Range<Int> {
        let start = min(itemCount, (number - 1) * pageSize)
        return start..<min(itemCount, start + pageSize)
    }

    public static func url(base: String, page number: Int) -> String {
        number <= 1 ? base : "\(base)page/\(number)/"
    }

    /// Page numbers to show as links around `current`: all of them for a few pages, otherwise
    /// the first, the last and a window around the current one, with nil for a gap (…).
    public func visiblePages(current: Int, window: Int = 2) -> [Int?] {
        if pageCount <= 2 * window + 5 { return Array(1...pageCount) }
        var pages: [Int?] = [1]
        let low = max(2, current - window), high = min(pageCount - 1, current + window)
        if low > 2 { pages.append(nil) }
        pages += (low...high).map { $0 }
        if high < pageCount - 1 { pages.append(nil) }
        pages.append(pageCount)
        return pages
    }
}
