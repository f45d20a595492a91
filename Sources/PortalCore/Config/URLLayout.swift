/// Every path the site has, in one place (the URL layout of CONTENT.md).
///
/// These are *site paths*: what templates, editors' links, the link checker, the sitemap and the
/// incremental build all speak, starting at the site's root whatever it is served under. A site
/// under a path of another (`base_url: https://www.example.gov.cn/fgj/`, so `SiteConfig.basePath`
/// `/fgj/`) keeps them: the finished HTML gets the base path in front of every root-relative URL
/// (`BasePath`), and the feed and sitemap make absolute URLs of them (`AbsoluteURL`).
public enum URLLayout {
    public static let home = "/"

    /// A category's index: `/meetings/`, then `/meetings/page/2/`, ….
    public static func category(_ slug: String) -> String { "/\(slug)/" }
    public static func category(_ slug: String, page: Int) -> String { Pagination.url(base: category(slug), page: page) }

    /// An item: `/meetings/2021-03-15-00028/` (its file name without `.md`).
    public static func item(category: String, slug: String) -> String { "/\(category)/\(slug)/" }

    /// A standalone page: `/guide/`.
    public static func page(_ slug: String) -> String { "/\(slug)/" }

    /// The annual reports: their list, each year's report and its numbers as JSON and CSV.
    public static let annualReports = "/annual-reports/"
    public static func annualReport(year: some CustomStringConvertible) -> String { "\(annualReports)\(year)/" }
    public static func annualReportJSON(year: some CustomStringConvertible) -> String { annualReport(year: year) + "statistics.json" }
    public static func annualReportCSV(year: some CustomStringConvertible) -> String { annualReport(year: year) + "statistics.csv" }

    /// The statistics computed from the content: the overview, each year, and all of it as JSON.
    public static let statistics = "/statistics/"
    public static func statistics(year: Int) -> String { "\(statistics)\(year)/" }
    public static let statisticsJSON = "/statistics/statistics.json"

    /// The search page, the file naming the current index, and the index folders below it.
    public static let search = "/search/"
    public static let searchCurrent = "/search/current.json"
    public static let searchIndexes = "/search/index/"

    public static let feed = "/feed.xml"
    public static let sitemap = "/sitemap.xml"
    /// Past 50,000 pages `/sitemap.xml` is an index of these: `/sitemap-1.xml`, ….
    public static func sitemapPart(_ number: Int) -> String { "/sitemap-\(number).xml" }
    public static let robots = "/robots.txt"
    /// The page nginx serves for every miss.
    public static let notFound = "/404.html"

    /// A file of `templates/assets/` (fingerprinted names included): `/assets/style.css`.
    public static func asset(_ name: String) -> String { "/assets/\(name)" }

    /// A site path as a path relative to the output folder: `/meetings/x/` → `meetings/x/`.
    public static func relative(_ path: String) -> String { String(path.drop { $0 == "/" }) }
}
