import Foundation
import Yams

/// `content/site.yaml`: who publishes the portal and how it is organised.
public struct SiteConfig: Sendable {
    public var title: String
    /// Default 发布机构 of every item.
    public var agency: String
    /// Absolute base for feed and sitemap URLs; always ends with `/`.
    public var baseURL: String
    /// 索引号 prefix (organisation code), e.g. `11370305MB2859012X`.
    public var indexPrefix: String
    /// 网站标识码.
    public var siteCode: String
    public var icp: String?
    public var policeRecord: String?
    public var pageSize: Int
    /// In navigation order.
    public var categories: [Category]
    /// Footer contact lines (地址, 电话, 办公时间 …).
    public var contact: [String]
    /// `statistics_from`: the first year whose proactively disclosed items are all in `content/`.
    /// Earlier years were published on an older platform, so their statistics come from the
    /// annual report's `published_items` instead of a count that would be short. nil: every year
    /// is counted from the content.
    public var statisticsFrom: Int?

    public static let fileName = "site.yaml"
    static let knownKeys = [
        "title", "agency", "base_url", "index_prefix", "site_code", "icp", "police_record",
        "page_size", "categories", "contact", "statistics_from",
    ]

    /// URL segments the portal itself uses; a category or page may not take them.
    public static let reservedSlugs: Set<String> = ["annual-reports", "statistics", "search", "assets", "pages", "page"]

    public init(title: String, agency: String, baseURL: String, indexPrefix: String, siteCode: String,
                icp: String? = nil, policeRecord: String? = nil, pageSize: Int = 20,
                categories: [Category], contact: [String] = [], statisticsFrom: Int? = nil) {
        self.title = title
        self.agency = agency
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.indexPrefix = indexPrefix
        self.siteCode = siteCode
        self.icp = icp
        self.policeRecord = policeRecord
        self.pageSize = pageSize
        self.categories = categories
        self.contact = contact
        self.statisticsFrom = statisticsFrom
    }

    /// The path part of `base_url`, always starting and ending with `/`: `/` for a site at the
    /// root of its host, `/fgj/` for a column under a path of a county's site. Every link of every
    /// page starts with it, since nginx serves the output folder under that path.
    public var basePath: String {
        Self.basePath(of: baseURL)
    }

    static func basePath(of baseURL: String) -> String {
        guard let scheme = baseURL.range(of: "://") else { return "/" }
        let afterHost = baseURL[scheme.upperBound...]
        guard let slash = afterHost.firstIndex(of: "/") else { return "/" }
        var path = String(afterHost[slash...])
        // A query or fragment in base_url is no part of the path the pages are served under.
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<end]) }
        while path.contains("//") { path = path.replacingOccurrences(of: "//", with: "/") }
        return path.hasSuffix("/") ? path : path + "/"
    }

    public func category(slug: String) -> Category? {
        categories.first { $0.slug == slug }
    }

    /// Parses `site.yaml` text; every problem comes back as a diagnostic naming `file` and the line.
    public static func parse(_ text: String, file: String = "content/site.yaml") -> Result<SiteConfig, DiagnosticsError> {
        // Every YAML mistake, and the other keys read despite them (see `YAMLDocument.read`).
        let reading = YAMLDocument.read(text, file: file)
        guard reading.readable else { return .failure(DiagnosticsError(reading.diagnostics)) }
        let (fieldsOrNil, rootProblem) = YAMLFields.root(reading.root, file: file, lineOffset: 0,
                                                         what: BilingualText(zh: "site.yaml ", en: "site.yaml"))
        guard let fields = fieldsOrNil else { return .failure(DiagnosticsError(reading.diagnostics + [rootProblem!])) }
        fields.explain(reading)

        fields.rejectUnknownKeys(allowed: knownKeys)
        let title = fields.string("title", required: true, example: "title: 某某局政府信息公开")
        let agency = fields.string("agency", required: true, example: "agency: 某某局")
        let baseURL = fields.string("base_url", required: true, example: "base_url: https://example.gov.cn/")
        let prefix = fields.string("index_prefix", required: true, example: "index_prefix: 11370000MB0000000X")
        let siteCode = fields.string("site_code", required: true, example: "site_code: \"3703050013\"")
        let icp = fields.string("icp")
        let police = fields.string("police_record")
        let pageSize = fields.int("page_size", range: 1...1000) ?? 20
        let contact = fields.stringList("contact")
        // Any plausible year: one after today is accepted (a portal set up ahead of its first fully
        // kept year), and the config is read without a "today" to compare with anyway.
        let statisticsFrom = fields.int("statistics_from", range: 1990...2999)

        if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            fields.error(at: fields.node("base_url"),
                         zh: "`base_url` 应以 https:// 或 http:// 开头", en: "`base_url` must start with https:// or http://",
                         hintZh: "例如 base_url: https://www.example.gov.cn/", hintEn: "For example base_url: https://www.example.gov.cn/")
        }
        if let prefix, prefix.contains("/") || prefix.contains(" ") {
            fields.error(at: fields.node("index_prefix"),
                         zh: "`index_prefix` 不能包含“/”或空格", en: "`index_prefix` must not contain “/” or spaces",
                         hintZh: "只写机构代码，例如 11370000MB0000000X", hintEn: "Write the organisation code only, e.g. 11370000MB0000000X")
        }
        let categories = parseCategories(fields)

        guard !fields.diagnostics.contains(where: \.isError),
              let title, let agency, let baseURL, let prefix, let siteCode
        else {
            return .failure(DiagnosticsError(fields.diagnostics))
        }
        return .success(SiteConfig(title: title, agency: agency, baseURL: baseURL, indexPrefix: prefix,
                                   siteCode: siteCode, icp: icp, policeRecord: police, pageSize: pageSize,
                                   categories: categories, contact: contact, statisticsFrom: statisticsFrom))
    }

    private static func parseCategories(_ fields: YAMLFields) -> [Category] {
        guard let node = fields.node("categories"), let list = node.sequence, !list.isEmpty else {
            fields.report(Diagnostic(
                file: fields.file, line: fields.lineOfKey("categories") ?? fields.mappingLine,
                zh: "缺少栏目列表 `categories`", en: "the list of categories `categories` is missing or empty",
                hintZh: "例如：\ncategories:\n  - { slug: meetings, name: 部门会议 }",
                hintEn: "For example:\ncategories:\n  - { slug: meetings, name: 部门会议 }"))
            return []
        }
        var categories: [Category] = []
        var seenSlugs: [String: Int] = [:]
        var seenNames: Set<String> = []
        for entry in list {
            let line = fields.line(of: entry)
            guard let map = entry.mapping,
                  let slug = map["slug"]?.string, !slug.isEmpty,
                  let name = map["name"]?.string, !name.isEmpty
            else {
                fields.error(at: entry, zh: "栏目应写成 { slug: 英文目录名, name: 中文名称 }",
                             en: "a category must be written { slug: folder-name, name: 中文名称 }",
                             hintZh: "例如 - { slug: meetings, name: 部门会议 }", hintEn: "For example - { slug: meetings, name: 部门会议 }")
                continue
            }
            if !isValidSlug(slug) {
                fields.error(at: entry, zh: "栏目目录名“\(slug)”只能包含小写英文字母、数字和“-”",
                             en: "category slug “\(slug)” may contain only lower-case letters, digits and “-”")
            }
            if reservedSlugs.contains(slug) {
                fields.error(at: entry, zh: "栏目目录名“\(slug)”是网站保留路径，不能使用",
                             en: "category slug “\(slug)” is a reserved path of the site",
                             hintZh: "换一个目录名", hintEn: "Choose another slug")
            }
            if let first = seenSlugs[slug] {
                fields.error(at: entry, zh: "栏目“\(slug)”重复（第 \(first) 行已有）",
                             en: "category “\(slug)” is listed twice (first on line \(first))",
                             hintZh: "删除重复的一行", hintEn: "Remove the duplicate line")
                continue
            }
            if seenNames.contains(name) {
                fields.error(at: entry, zh: "栏目名称“\(name)”重复", en: "category name “\(name)” is listed twice")
            }
            seenSlugs[slug] = line ?? 0
            seenNames.insert(name)
            categories.append(Category(slug: slug, name: name))
        }
        return categories
    }

    static func isValidSlug(_ slug: String) -> Bool {
        !slug.isEmpty && slug.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}
