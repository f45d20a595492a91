/// The sitemap (sitemaps.org protocol 0.9) and the robots.txt that names it.
///
/// One `/sitemap.xml` lists every page; past `urlLimit` pages (the protocol's maximum per file)
/// `/sitemap.xml` becomes a sitemap index naming `/sitemap-1.xml`, `/sitemap-2.xml`, …
enum Sitemap {
    /// The protocol's limit of URLs in one sitemap file.
    static let urlLimit = 50_000
    static let path = "/sitemap.xml"
    static let robotsPath = "/robots.txt"

    /// A page of the site and, where the content says, when it last changed.
    struct Page: Sendable, Hashable {
        let path: String
        let lastModified: PlainDate?
    }

    /// The HTML pages among the paths a build writes: every `…/` page and any other `.html` file,
    /// except the not-found page, which no reader should land on from a search engine.
    static func isListedPage(_ path: String) -> Bool {
        (path.hasSuffix("/") || path.hasSuffix(".html")) && path != "/404.html"
    }

    /// The files to write, `/sitemap.xml` first, with their content.
    static func files(pages: [Page], base: String, limit: Int = urlLimit) -> [(path: String, xml: String)] {
        let sorted = pages.sorted { $0.path < $1.path }
        if sorted.count <= limit {
            return [(path, urlSet(sorted, base: base))]
        }
        var files: [(path: String, xml: String)] = []
        var index = """
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

        """
        for (number, start) in stride(from: 0, to: sorted.count, by: limit).enumerated() {
            let partPath = "/sitemap-\(number + 1).xml"
            files.append((partPath, urlSet(Array(sorted[start..<min(start + limit, sorted.count)]), base: base)))
            index += "  <sitemap><loc>\(XMLText.escape(AbsoluteURL.of(partPath, base: base)))</loc></sitemap>\n"
        }
        index += "</sitemapindex>\n"
        return [(path, index)] + files
    }

    /// The paths `files` writes for `pageCount` pages.
    static func filePaths(pageCount: Int, limit: Int = urlLimit) -> [String] {
        guard pageCount > limit else { return [path] }
        let parts = (pageCount + limit - 1) / limit
        return [path] + (1...parts).map { "/sitemap-\($0).xml" }
    }

    static func urlSet(_ pages: [Page], base: String) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

        """
        for page in pages {
            xml += "  <url><loc>\(XMLText.escape(AbsoluteURL.of(page.path, base: base)))</loc>"
            if let date = page.lastModified { xml += "<lastmod>\(date.iso)</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }

    /// robots.txt: everything may be crawled; the sitemap's absolute URL, as the protocol requires.
    static func robots(base: String) -> String {
        """
        User-agent: *
        Allow: /

        Sitemap: \(AbsoluteURL.of(path, base: base))

        """
    }
}
