/// The context of one page of a category index.
enum CategoryPage {
    static func context(category: Category, items: ArraySlice<Item>, totalCount: Int, page: Int,
                        pagination: Pagination, chrome: PageChrome) -> [String: Any] {
        let base = "/\(category.slug)/"
        let links: [[String: Any]] = pagination.visiblePages(current: page).map { number in
            guard let number else { return ["gap": true] }
            return ["number": number, "url": Pagination.url(base: base, page: number), "current": number == page]
        }
        var pager: [String: Any] = ["page": page, "page_count": pagination.pageCount, "pages": links]
        if page > 1 { pager["prev_url"] = Pagination.url(base: base, page: page - 1) }
        if page < pagination.pageCount { pager["next_url"] = Pagination.url(base: base, page: page + 1) }

        let context: [String: Any] = [
            "category": ["name": category.name, "url": base],
            "count": totalCount,
            "items": items.map { ListingEntry.context($0) },
            "empty": items.isEmpty,
            "pagination": pager,
            "paginated": pagination.pageCount > 1,
        ]
        let title = page > 1 ? "\(category.name)（第\(page)页）" : category.name
        return chrome.context(title: title, section: base,
                              breadcrumbs: [.init(name: category.name, url: base)], page: context)
    }
}
