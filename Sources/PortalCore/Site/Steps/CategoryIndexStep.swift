/// `/<category>/` and `/<category>/page/N/`: each category's items, newest first, `page_size` a page.
struct CategoryIndexStep: BuildStep {
    func producedPaths(_ plan: BuildPlan) -> Set<String> {
        var paths: Set<String> = []
        for category in plan.config.categories {
            let pagination = Pagination(itemCount: plan.byCategory[category.slug]?.count ?? 0, pageSize: plan.config.pageSize)
            for page in 1...pagination.pageCount { paths.insert(Pagination.url(base: "/\(category.slug)/", page: page)) }
        }
        return paths
    }

    func run(_ context: BuildContext) throws -> StepResult {
        var pages = 0
        for category in context.plan.config.categories {
            let items = context.plan.byCategory[category.slug] ?? []
            let pagination = Pagination(itemCount: items.count, pageSize: context.plan.config.pageSize)
            for number in 1...pagination.pageCount {
                let page = CategoryPage.context(category: category, items: items[pagination.range(ofPage: number)],
                                                totalCount: items.count, page: number, pagination: pagination,
                                                chrome: context.chrome)
                try context.output.writePage(try context.templates.render("category", page),
                                             at: Pagination.url(base: "/\(category.slug)/", page: number))
                pages += 1
            }
        }
        return StepResult(pages: pages)
    }
}
