/// `published_items`: what 一、总体情况 says was proactively published that year (“主动公开政府信息
/// 276篇，其中部门会议10篇……”). The statistics pages compare it with the content's own count.
public struct PublishedItems: Sendable, Hashable {
    /// The declared total, if the report states one.
    public let total: Int?
    /// Declared counts keyed by category slug; may list only some categories.
    public let byCategory: [String: Int]

    public init(total: Int?, byCategory: [String: Int]) {
        self.total = total
        self.byCategory = byCategory
    }
}
