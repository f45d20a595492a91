/// The whole of `content/annual-reports/<year>/statistics.yaml`: the numbers of tables 二、三、四 and
/// the declared count of published items.
public struct ReportStatistics: Sendable, Hashable {
    public let year: Int
    /// 二、主动公开政府信息情况
    public let proactive: ProactiveDisclosure
    /// 三、收到和处理政府信息公开申请情况
    public let applications: ApplicationTable
    /// 四、政府信息公开行政复议、行政诉讼情况
    public let reviewAndLitigation: ReviewAndLitigation
    /// `published_items`, when the report declares it.
    public let publishedItems: PublishedItems?

    public init(year: Int, proactive: ProactiveDisclosure, applications: ApplicationTable,
                reviewAndLitigation: ReviewAndLitigation, publishedItems: PublishedItems?) {
        self.year = year
        self.proactive = proactive
        self.applications = applications
        self.reviewAndLitigation = reviewAndLitigation
        self.publishedItems = publishedItems
    }

    /// The top-level keys of statistics.yaml.
    static let keys = ["year", "proactive", "applications", "published_items", "reconsideration_litigation"]
}
