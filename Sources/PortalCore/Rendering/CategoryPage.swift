/// The values of one page of a category index.
enum CategoryPage {
    static func values(category: Category, items: ArraySlice<Item>, totalCount: Int, page: Int,
                       pagination: Pagination, chrome: PageChrome) -> TemplateValues {
        let base = URLLayout.category(category.slug)
        var values = TemplateValues()
        values.object("category") { values in
            values.set("name", category.name)
            values.set("url", base)
        }
        values.set("count", totalCount)
        values.list("items", items) { values, item in ListingEntry.add(item, to: &values) }
        values.set("empty", items.isEmpty)
        values.object("pagination") { values in
            values.set("page", page)
            values.set("page_count", pagination.pageCount)
            values.list("pages", pagination.visiblePages(current: page)) { values, number in
                guard let number else { return values.set("gap", true) }
                values.set("number", number)
                values.set("url", Pagination.url(base: base, page: number))
                values.set("current", number == page)
            }
            if page > 1 { values.set("prev_url", Pagination.url(base: base, page: page - 1)) }
            if page < pagination.pageCount { values.set("next_url", Pagination.url(base: base, page: page + 1)) }
        }
        values.set("paginated", pagination.pageCount > 1)
        let title = page > 1 ? "\(category.name)（第\(page)页）" : category.name
        chrome.addContext(to: &values, title: title, section: base, breadcrumbs: [.init(name: category.name, url: base)])
        return values
    }
}
