/// The whole of `content/annual-reports/<year>/statistics.yaml`: the numbers of tables 二、三、四 and
/// the declared count of published items.
public struct ReportStatistics: Sendable, Hashable {
    public let year: Int
    /// The national format the tables follow (`format`, 2021 when not written).
    public var format: ReportFormat { proactiveTables.format }
    /// `as_published: true`: the numbers are the agency's published record, kept as they stand:
    /// blank cells are allowed and the 勾稽关系 rules only warn.
    public let asPublished: Bool
    /// 二、主动公开政府信息情况, in the shape of its format.
    public let proactiveTables: ProactiveTables
    /// 三、收到和处理政府信息公开申请情况
    public let applications: ApplicationTable
    /// 四、政府信息公开行政复议、行政诉讼情况
    public let reviewAndLitigation: ReviewAndLitigation
    /// `published_items`, when the report declares it.
    public let publishedItems: PublishedItems?

    public init(year: Int, proactive: ProactiveDisclosure, applications: ApplicationTable,
                reviewAndLitigation: ReviewAndLitigation, publishedItems: PublishedItems?) {
        self.init(year: year, proactiveTables: .national2021(proactive), asPublished: false, applications: applications,
                  reviewAndLitigation: reviewAndLitigation, publishedItems: publishedItems)
    }

    public init(year: Int, proactiveTables: ProactiveTables, asPublished: Bool, applications: ApplicationTable,
                reviewAndLitigation: ReviewAndLitigation, publishedItems: PublishedItems?) {
        self.year = year
        self.proactiveTables = proactiveTables
        self.asPublished = asPublished
        self.applications = applications
        self.reviewAndLitigation = reviewAndLitigation
        self.publishedItems = publishedItems
    }

    /// Table 二 of the 2021 format; nil for a 2019-format report.
    public var proactive: ProactiveDisclosure? {
        if case .national2021(let tables) = proactiveTables { return tables }
        return nil
    }

    /// Table 二 of the 2019 format; nil for a 2021-format report.
    public var trialProactive: TrialProactiveDisclosure? {
        if case .trial2019(let tables) = proactiveTables { return tables }
        return nil
    }

    /// The top-level keys of statistics.yaml.
    static let keys = ["format", "as_published", "year", "proactive", "applications", "published_items",
                       "reconsideration_litigation"]
}

/// Table 二 differs between the formats; tables 三 and 四 do not (but for 三（六）).
public enum ProactiveTables: Sendable, Hashable {
    case national2021(ProactiveDisclosure)
    case trial2019(TrialProactiveDisclosure)

    public var format: ReportFormat {
        switch self {
        case .national2021: return .national2021
        case .trial2019: return .trial2019
        }
    }
}
