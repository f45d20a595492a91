/// Which national format a report's tables follow. The tables changed in 2021; a column lists
/// every year's report, so both are read, checked and laid out, each with its own labels.
public enum ReportFormat: Int, Sendable, Hashable, CaseIterable {
    /// 国办公开办函〔2019〕60号, the trial format of the 2019 and 2020 reports: table 二 counts
    /// 本年新制作/本年新公开/对外公开总数量 and 政府集中采购; 三（六）其他处理 is one row.
    case trial2019 = 2019
    /// 国办公开办函〔2021〕30号, the current format (the default when `format` is not written).
    case national2021 = 2021

    /// The format used when statistics.yaml names none.
    public static let current = ReportFormat.national2021

    /// The value of `format:` in statistics.yaml.
    public var key: Int { rawValue }

    /// The document that set the format, as reports cite it.
    public var document: String {
        switch self {
        case .trial2019: return "国办公开办函〔2019〕60号"
        case .national2021: return "国办公开办函〔2021〕30号"
        }
    }

    /// The format suits reports up to 2020 (2019 format) or from 2021 on (2021 format).
    public static func expected(forYear year: Int) -> ReportFormat {
        year <= 2020 ? .trial2019 : .national2021
    }
}
