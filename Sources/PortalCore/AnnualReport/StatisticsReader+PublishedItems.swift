import Foundation
import Yams

/// `published_items`: the figures of 一、总体情况 that the statistics pages compare with the content.
extension StatisticsReader {
    // MARK: published_items

    func readPublishedItems(categories: [Category]) -> PublishedItems? {
        guard let node = root.node("published_items"), !root.isNull(node) else { return nil }
        guard let mapping = node.mapping else {
            root.error(at: node, zh: "published_items 应写成 total 和 by_category 两项",
                       en: "published_items must give total and by_category",
                       hintZh: "例如：\npublished_items:\n  total: 276\n  by_category: { meetings: 10, livelihood: 163 }",
                       hintEn: "For example:\npublished_items:\n  total: 276\n  by_category: { meetings: 10, livelihood: 163 }")
            return nil
        }
        let fields = YAMLFields(mapping: mapping, file: file, lineOffset: 0)
        fieldSets.append(fields)
        fields.rejectUnknownKeys(allowed: ["total", "by_category"])
        var total: Int?
        if fields.node("total") != nil {
            let value = readCount(fields, key: "total", cell: CellName(key: "published_items.total", label: "主动公开政府信息总数"),
                                  path: "published_items.total", example: "total: 276")
            total = sourceMap.isReadable("published_items.total") ? value : nil
        }
        var byCategory: [String: Int] = [:]
        if let categoryNode = fields.node("by_category"), !fields.isNull(categoryNode) {
            if let categoryMapping = categoryNode.mapping {
                let categoryFields = YAMLFields(mapping: categoryMapping, file: file, lineOffset: 0)
                fieldSets.append(categoryFields)
                if !categories.isEmpty { categoryFields.rejectUnknownKeys(allowed: categories.map(\.slug)) }
                let names = Dictionary(categories.map { ($0.slug, $0.name) }, uniquingKeysWith: { first, _ in first })
                for slug in categoryFields.keys {
                    let path = "published_items.by_category.\(slug)"
                    let cell = CellName(key: "by_category.\(slug)", label: names[slug] ?? slug)
                    let value = readCount(categoryFields, key: slug, cell: cell, path: path, example: "\(slug): 0")
                    if sourceMap.isReadable(path) { byCategory[slug] = value }
                }
            } else {
                fields.error(at: categoryNode, zh: "by_category 应按栏目列出篇数", en: "by_category must list counts by category slug",
                             hintZh: "例如 by_category: { meetings: 10, livelihood: 163 }",
                             hintEn: "For example by_category: { meetings: 10, livelihood: 163 }")
            }
        }
        if let total, !byCategory.isEmpty {
            let sum = byCategory.values.reduce(0, +)
            let complete = !categories.isEmpty && categories.allSatisfy { byCategory[$0.slug] != nil }
            if sum > total || (complete && sum != total) {
                fields.warning(at: fields.node("total"),
                               zh: "published_items 各栏目篇数之和为 \(sum)，与 total 的 \(total) 不一致",
                               en: "the counts of published_items.by_category add up to \(sum), but total is \(total)",
                               hintZh: "核对年度报告“一、总体情况”中的数字。", hintEn: "Check the figures in 一、总体情况.")
            }
        }
        return PublishedItems(total: total, byCategory: byCategory)
    }
}
