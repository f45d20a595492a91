/// The sitemap (sitemaps.org protocol 0.9) and the robots.txt that names it.
///
/// One `/sitemap.xml` lists every page; past `urlLimit` pages (the protocol's maximum per file)
/// `/sitemap.xml` becomes a sitemap index naming `/sitemap-1.xml`, `/sitemap-2.xml`, …
enum Sitemap {
    /// The protocol's limit of URLs in one sitemap file.
    static let urlLimit = 50_000

    /// A page of the site and, where the content says, when it last changed.
    struct Page: Sendable, Hashable {
        let path: String
        let lastModified: PlainDate?
    }

    /// The HTML pages among the paths a build writes: every `…/` page and any other `.html` file,
    /// except the not-found page, which no reader should land on from a search engine.
    static func isListedPage(_ path: String) -> Bool {
        // On the bytes: every path of the build is asked, and `hasSuffix` compares characters.
        let utf8 = path.utf8
        if utf8.last == UInt8(ascii: "/") { return true }
        return utf8.count >= 5 && utf8.suffix(5).elementsEqual(".html".utf8) && path != URLLayout.notFound
    }

    /// The files to write, `/sitemap.xml` first, with their content.
    static func files(pages: [Page], base: String, limit: Int = urlLimit) -> [(path: String, xml: String)] {
        let sorted = pages.sorted { $0.path < $1.path }
        if sorted.count <= limit {
            return [(URLLayout.sitemap, urlSet(sorted, base: base))]
        }
        var files: [(path: String, xml: String)] = []
        var index = """
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

        """
        for (number, start) in stride(from: 0, to: sorted.count, by: limit).enumerated() {
            let partPath = URLLayout.sitemapPart(number + 1)
            files.append((partPath, urlSet(Array(sorted[start..<min(start + limit, sorted.count)]), base: base)))
            index += "  <sitemap><loc>\(XMLText.escape(AbsoluteURL.of(partPath, base: base)))</loc></sitemap>\n"
        }
        index += "</sitemapindex>\n"
        return [(URLLayout.sitemap, index)] + files
    }

    /// The paths `files` writes for `pageCount` pages.
    static func filePaths(pageCount: Int, limit: Int = urlLimit) -> [String] {
        guard pageCount > limit else { return [URLLayout.sitemap] }
        let parts = (pageCount + limit - 1) / limit
        return [URLLayout.sitemap] + (1...parts).map(URLLayout.sitemapPart)
    }

    static func urlSet(_ pages: [Page], base: String) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

        """
        xml.reserveCapacity(pages.count * 100)
        // `AbsoluteURL.of` and `XMLText.escape` per page cost more than the rest of the file: a
        // path that needs no percent-encoding (nearly all) is appended to the escaped root as it
        // is. Both are character by character, so this is what they would give.
        let root = String(XMLText.escape(AbsoluteURL.of("/", base: base)).dropLast())
        for page in pages {
            xml += "  <url><loc>"
            if isPlainPath(page.path) {
                xml += root
                if !page.path.hasPrefix("/") { xml += "/" }
                xml += page.path
            } else {
                xml += XMLText.escape(AbsoluteURL.of(page.path, base: base))
            }
            xml += "</loc>"
            if let date = page.lastModified {
                xml += "<lastmod>"
                xml += date.iso
                xml += "</lastmod>"
            }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }

    /// Whether `path` is made only of the characters `AbsoluteURL` leaves as they are (letters,
    /// digits, `-._~/!$()*+,:@`), none of which XML escapes.
    static func isPlainPath(_ path: String) -> Bool {
        path.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "-._~/!$()*+,:@".utf8.contains(byte)
            }
        }
    }

    /// robots.txt: everything may be crawled; the sitemap's absolute URL, as the protocol requires.
    static func robots(base: String) -> String {
        """
        User-agent: *
        Allow: /

        Sitemap: \(AbsoluteURL.of(URLLayout.sitemap, base: base))

        """
    }
}
