/// The context of the home page: latest items, a block per category, the annual reports.
enum HomePage {
    static let latestCount = 10
    static let perCategory = 5

    static func context(config: SiteConfig, byCategory: [String: [Item]], latest: [Item],
                        reports: [[String: Any]], chrome: PageChrome) -> [String: Any] {
        let names = Dictionary(uniqueKeysWithValues: config.categories.map { ($0.slug, $0.name) })
        let blocks: [[String: Any]] = config.categories.map { category in
            let items = byCategory[category.slug] ?? []
            return [
                "name": category.name,
                "slug": category.slug,
                "url": URLLayout.category(category.slug),
                "count": items.count,
                "items": items.prefix(perCategory).map { ListingEntry.context($0) },
                "empty": items.isEmpty,
            ]
        }
        let page: [String: Any] = [
            "latest": latest.prefix(latestCount).map { ListingEntry.context($0, categoryName: names[$0.category]) },
            "categories": blocks,
            "reports": reports,
            "has_reports": !reports.isEmpty,
        ]
        return chrome.context(title: nil, section: "/", breadcrumbs: [], page: page)
    }
}
