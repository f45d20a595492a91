/// The few figures of one annual report that the statistics overview follows across the years:
/// applications received, how many of those handled were disclosed, and 复议/诉讼 cases.
public struct ReportFigures: Sendable, Hashable {
    public let year: Int
    /// 三、一、本年新收政府信息公开申请数量, 总计 column.
    public let received: Int
    /// 三（七）总计, 总计 column: every application handled this year.
    public let handled: Int
    /// 三（一）予以公开 + 三（二）部分公开, 总计 column.
    public let disclosed: Int
    /// 四、行政复议, 总计.
    public let reconsideration: Int
    /// 四、行政诉讼: 未经复议直接起诉 + 复议后起诉, 总计.
    public let litigation: Int

    public init(_ statistics: ReportStatistics) {
        let applications = statistics.applications
        year = statistics.year
        received = applications[.received].total
        handled = applications[.total].total
        disclosed = applications[.disclosed].total + applications[.partiallyDisclosed].total
        let cases = statistics.reviewAndLitigation
        reconsideration = cases[.reconsideration].total
        litigation = cases[.litigationDirect].total + cases[.litigationAfterReconsideration].total
    }

    /// The share of handled applications that were disclosed in full or in part, in percent;
    /// nil when none were handled (a share of nothing is not 0 %).
    public var disclosedShare: Double? {
        handled > 0 ? Double(disclosed) * 100 / Double(handled) : nil
    }

    /// `87.5%`, or `—` when no application was handled.
    public var disclosedShareText: String {
        disclosedShare.map(Self.percent) ?? "—"
    }

    /// One decimal, as Chinese reports print shares: `87.5%`, `100%`.
    static func percent(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded))%" : String(format: "%.1f%%", rounded)
    }
}
