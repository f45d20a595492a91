/// An item as it appears in a list (home, category index): title, link, date, 索引号.
enum ListingEntry {
    static func context(_ item: Item, categoryName: String? = nil) -> [String: Any] {
        var entry: [String: Any] = [
            "title": item.title,
            "url": item.url,
            "date": item.date.iso,
            "index_no": item.indexNo.description,
        ]
        if let categoryName { entry["category"] = categoryName }
        return entry
    }

    /// `context(item)` as template values.
    static func add(_ item: Item, to values: inout TemplateValues) {
        values.set("title", item.title)
        values.set("url", item.url)
        values.set("date", item.date.iso)
        values.set("index_no", item.indexNo.description)
    }
}
