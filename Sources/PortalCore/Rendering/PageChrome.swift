import Foundation

/// What every page shares: the site block, the navigation, the stylesheet URL and the
/// breadcrumbs. Page builders add their own keys on top.
/// `@unchecked Sendable`: the only non-Sendable members are `siteBlock`, an immutable dictionary of
/// strings built once in `init`, and `sharedBySection`, immutable dictionaries built once in
/// `prerendering`.
public struct PageChrome: @unchecked Sendable {
    public struct Link: Sendable {
        public let name: String
        public let url: String
        public init(name: String, url: String) {
            self.name = name
            self.url = url
        }
    }

    public let config: SiteConfig
    /// Fingerprinted stylesheet path, e.g. `/assets/style.3f2a….css`.
    public let stylesheet: String
    /// Extra navigation entries after the categories (年度报告, 统计, …), in order.
    public let extraNavigation: [Link]
    private let siteBlock: [String: Any]
    /// The search page, when a build step registered it in the navigation.
    private let searchURL: String?
    /// The shared partials rendered once per section (see `prerendering`), keyed by
    /// `sectionKey`, then by partial name.
    private var prerendered: [String: [String: String]] = [:]
    /// What every page of a section shares (everything `context` adds but the title and the
    /// breadcrumbs), for the sections `prerendering` knows, keyed by `sharedKey`.
    private var sharedBySection: [String: [String: Any]] = [:]
    /// Names this chrome's shared values in page shapes (`TemplateValues.merge`), from the
    /// skeletons of the templates it was prepared for (`prerendering`); without it, pages are
    /// rendered one by one.
    private var identity: UInt64?
    /// A shared value holds a skeleton marker's characters: pages are then rendered one by one.
    private var sharedHoldsMarkers = false

    /// Partials that depend only on the section, not on the page: rendered once per section
    /// instead of once per page (they are most of a page's template work).
    static let sharedPartials = ["header", "nav", "footer"]

    public init(config: SiteConfig, stylesheet: String, extraNavigation: [Link]) {
        self.config = config
        self.stylesheet = stylesheet
        self.extraNavigation = extraNavigation
        var site: [String: Any] = [
            "title": config.title,
            "agency": config.agency,
            "site_code": config.siteCode,
            "base_url": config.baseURL,
        ]
        if let icp = config.icp { site["icp"] = icp }
        if let police = config.policeRecord {
            site["police_record"] = police
            // The 公安备案 number links to the MPS filing lookup, as the filing rules ask.
            let code = police.filter(\.isASCII).filter(\.isNumber)
            if !code.isEmpty { site["police_record_url"] = "https://beian.mps.gov.cn/#/query/webSearch?code=\(code)" }
        }
        site["contact"] = config.contact
        site["has_contact"] = !config.contact.isEmpty
        self.siteBlock = site
        // The search step registers the search page as a navigation entry; the header's search box
        // appears only when it does, so a site without search has no dead form.
        searchURL = extraNavigation.first { $0.url == URLLayout.search }?.url
    }

    /// The full context of a page.
    /// - Parameters:
    ///   - title: the page's own title (the `<title>` reads "title - site title").
    ///   - section: URL path of the navigation entry to mark current (`/meetings/`), if any.
    ///   - breadcrumbs: trail below 首页, the last entry being the page itself.
    ///   - page: the page template's own keys.
    public func context(title: String?, section: String?, breadcrumbs: [Link], page: [String: Any]) -> [String: Any] {
        var context = sectionContext(section, page: page)
        context["page_title"] = title.map { "\($0) - \(config.title)" } ?? config.title
        if !breadcrumbs.isEmpty {
            var trail: [[String: Any]] = [["name": "首页", "url": "/"]]
            for (index, crumb) in breadcrumbs.enumerated() {
                trail.append(["name": crumb.name, "url": crumb.url, "last": index == breadcrumbs.count - 1])
            }
            context["breadcrumbs"] = trail
            context["has_breadcrumbs"] = true
        }
        if let parts = prerendered[sectionKey(section)] { context["rendered"] = parts }
        return context
    }

    /// Adds what `context(title:section:breadcrumbs:page:)` adds to a page's own keys, as
    /// template values: the same dictionary, with the section's shared part prepared once.
    func addContext(to values: inout TemplateValues, title: String?, section: String?, breadcrumbs: [Link]) {
        let key = Self.sharedKey(section)
        values.merge(shared: sharedBySection[key] ?? sharedContext(section), identity: "chrome \(identity ?? 0) \(key)")
        if sharedHoldsMarkers || identity == nil { values.renderAlone() }
        if let title {
            values.set("page_title", "\(title) - \(config.title)")
        } else {
            values.set("page_title", config.title)
        }
        if !breadcrumbs.isEmpty {
            values.list("breadcrumbs", 0...breadcrumbs.count) { values, index in
                guard index > 0 else {
                    values.set("name", "首页")
                    values.set("url", "/")
                    return
                }
                values.set("name", breadcrumbs[index - 1].name)
                values.set("url", breadcrumbs[index - 1].url)
                values.set("last", index == breadcrumbs.count)
            }
            values.set("has_breadcrumbs", true)
        }
    }

    /// The part of a page's context that depends on its section only.
    private func sharedContext(_ section: String?) -> [String: Any] {
        var context = sectionContext(section, page: [:])
        if let parts = prerendered[sectionKey(section)] { context["rendered"] = parts }
        return context
    }

    /// `sharedBySection`'s key: the section as it is (no NUL, which ends it in a shape), or "-".
    private static func sharedKey(_ section: String?) -> String {
        section.map { "/" + $0 } ?? "-"
    }

    /// A copy whose pages carry the shared partials already rendered for their section, as
    /// `rendered.header`, `rendered.nav` and `rendered.footer`: the layout inserts those and falls
    /// back to `{{>header}}` … when they are absent (e.g. a template library without them).
    public func prerendering(_ templates: TemplateRenderer) -> PageChrome {
        var copy = self
        copy.prerendered = [:]
        let sections: [String?] = [nil, "/"] + config.categories.map { URLLayout.category($0.slug) } + extraNavigation.map(\.url)
        for section in sections {
            let context = sectionContext(section, page: [:])
            var parts: [String: String] = [:]
            for name in Self.sharedPartials where templates.names.contains(name) {
                parts[name] = templates.library.render(context, withTemplate: name)
            }
            copy.prerendered[sectionKey(section)] = parts
        }
        copy.identity = templates.skeletons.newIdentity()
        copy.sharedBySection = [:]
        copy.sharedHoldsMarkers = false
        for section in sections {
            let shared = copy.sharedContext(section)
            copy.sharedBySection[Self.sharedKey(section)] = shared
            if Self.holdsMarkerCharacters(shared) { copy.sharedHoldsMarkers = true }
        }
        return copy
    }

    /// Whether a string anywhere in `value` holds a skeleton marker's characters.
    private static func holdsMarkerCharacters(_ value: Any) -> Bool {
        switch value {
        case let string as String: return PageSkeleton.holdsMarkerCharacters(string)
        case let dictionary as [String: Any]: return dictionary.values.contains { holdsMarkerCharacters($0) }
        case let dictionary as [String: String]: return dictionary.values.contains { holdsMarkerCharacters($0) }
        case let array as [Any]: return array.contains { holdsMarkerCharacters($0) }
        default: return false
        }
    }

    /// Adds the prerendered header, navigation and footer of every section and the stylesheet's
    /// name to an incremental build's key: a page reused from the previous build must carry
    /// the same ones.
    func combineRendered(into hash: inout ContentHash) {
        hash.combine(stylesheet)
        for section in prerendered.keys.sorted() {
            hash.combine(section)
            for (name, html) in prerendered[section]!.sorted(by: { $0.key < $1.key }) {
                hash.combine(name)
                hash.combine(html)
            }
        }
    }

    /// Sections that are not navigation entries look the same as no section at all.
    private func sectionKey(_ section: String?) -> String {
        guard let section else { return "" }
        if section == "/" || config.categories.contains(where: { URLLayout.category($0.slug) == section })
            || extraNavigation.contains(where: { $0.url == section }) {
            return section
        }
        return ""
    }

    /// The keys that depend on the section only (everything the shared partials may use).
    private func sectionContext(_ section: String?, page: [String: Any]) -> [String: Any] {
        var navigation: [[String: Any]] = []
        navigation.reserveCapacity(config.categories.count + extraNavigation.count + 1)
        for category in config.categories {
            let url = URLLayout.category(category.slug)
            navigation.append(["name": category.name, "url": url, "current": url == section])
        }
        for link in extraNavigation {
            navigation.append(["name": link.name, "url": link.url, "current": link.url == section])
        }
        var context = page
        context["site"] = siteBlock
        context["nav"] = navigation
        // The entries after the categories (年度报告, 统计, 搜索, pages…), for the home page's
        // shortcuts.
        context["nav_extra"] = Array(navigation.dropFirst(config.categories.count))
        context["has_nav_extra"] = !extraNavigation.isEmpty
        context["feed_url"] = URLLayout.feed
        if let searchURL, section != searchURL {
            context["header_search"] = ["url": searchURL]
        }
        context["stylesheet"] = stylesheet
        context["home_current"] = section == "/"
        return context
    }
}
