import Foundation

/// `/statistics/statistics.json`: the counts as data, in the shape the content contract fixes:
/// `{"years": {"2021": {"total": 276, "by_category": {"meetings": 10, …}, "by_month": {"01": 18, …}}}}`.
///
/// Deterministic: sorted keys, every configured category and every month present (0 when empty),
/// so the same content gives the same bytes.
///
/// Each year also says where its figures come from: `"source": "content"` (counted) or
/// `"source": "annual-report"` (a year before `statistics_from`, from `published_items`). A declared
/// year lists only the categories the report names and no months (`"by_month": {}`): an unknown
/// figure is left out rather than written as 0.
public enum StatisticsJSON {
    public static func data(_ statistics: ContentStatistics) throws -> Data {
        var data = try JSONSerialization.data(withJSONObject: object(statistics),
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    /// The object tree: dictionaries and integers.
    static func object(_ statistics: ContentStatistics) -> [String: Any] {
        var years: [String: Any] = [:]
        for counts in statistics.years {
            var byCategory: [String: Int] = [:]
            for category in statistics.categories where counts.knows(category: category.slug) {
                byCategory[category.slug] = counts[category: category.slug]
            }
            // An item in a folder that is not configured cannot load, but keep the sum whole regardless.
            for (slug, count) in counts.byCategory where byCategory[slug] == nil { byCategory[slug] = count }
            var byMonth: [String: Int] = [:]
            if counts.hasMonths {
                for month in 1...12 { byMonth[monthKey(month)] = counts[month: month] }
            }
            years[String(counts.year)] = ["total": counts.total, "by_category": byCategory, "by_month": byMonth,
                                          "source": counts.source.rawValue] as [String: Any]
        }
        return ["years": years]
    }

    /// `"01"` … `"12"`.
    static func monthKey(_ month: Int) -> String {
        month < 10 ? "0\(month)" : String(month)
    }
}
