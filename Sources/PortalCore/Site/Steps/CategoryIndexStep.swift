/// `/<category>/` and `/<category>/page/N/`: each category's items, newest first, `page_size` a page.
struct CategoryIndexStep: BuildStep {
    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        var paths: Set<String> = []
        for category in plan.config.categories {
            let pagination = Pagination(itemCount: plan.byCategory[category.slug]?.count ?? 0, pageSize: plan.config.pageSize)
            for page in 1...pagination.pageCount { paths.insert(URLLayout.category(category.slug, page: page)) }
        }
        return paths
    }

    func run(_ context: BuildContext) throws -> StepResult {
        // Every listing page of every category, rendered in parallel.
        var pages: [(category: Category, items: [Item], pagination: Pagination, number: Int)] = []
        for category in context.plan.config.categories {
            let items = context.plan.byCategory[category.slug] ?? []
            let pagination = Pagination(itemCount: items.count, pageSize: context.plan.config.pageSize)
            for number in 1...pagination.pageCount { pages.append((category, items, pagination, number)) }
        }
        let results = parallelMap(pages) { page -> Result<Void, Error> in
            Result {
                let listed = page.items[page.pagination.range(ofPage: page.number)]
                // A listing page shows its items' fields, the page count and the item total.
                var key = ContentHash(context.salt)
                key.combine("category")
                key.combine(page.category.slug)
                key.combine(page.number)
                key.combine(page.pagination.pageCount)
                key.combine(page.items.count)
                for item in listed {
                    key.combine(item.sourcePath)
                    key.combine(item.sourceHash)
                }
                try context.output.writePage(at: URLLayout.category(page.category.slug, page: page.number), key: key.value) {
                    let values = CategoryPage.values(category: page.category, items: listed, totalCount: page.items.count,
                                                     page: page.number, pagination: page.pagination, chrome: context.chrome)
                    return try context.templates.render("category", values)
                }
            }
        }
        for result in results { try result.get() }
        return StepResult(pages: pages.count)
    }
}
