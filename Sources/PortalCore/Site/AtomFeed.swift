/// The Atom 1.0 feed (RFC 4287) of the newest items, `/feed.xml`.
///
/// Deterministic: the feed's `updated` is the newest entry's 发布日期, never the time of the build,
/// so an unchanged site gives a byte-identical feed and feed readers see nothing new. Dates are
/// calendar days in China, written as midnight at +08:00.
enum AtomFeed {
    /// How many of the newest items the feed carries.
    static let entryLimit = 50

    /// One entry: the item and its rendered body.
    struct Entry {
        let item: Item
        let categoryName: String
        let bodyHTML: String
    }

    /// The whole feed document.
    /// - Parameters:
    ///   - entries: newest first (at most `entryLimit`).
    ///   - fallbackUpdated: the feed's `updated` when there is no entry (Atom requires one).
    static func document(entries: [Entry], config: SiteConfig, fallbackUpdated: PlainDate) -> String {
        let base = config.baseURL
        let updated = entries.map(\.item.date).max() ?? fallbackUpdated
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
          <title>\(XMLText.escape(config.title))</title>
          <subtitle>\(XMLText.escape(config.agency))主动公开的政府信息</subtitle>
          <id>\(XMLText.escape(AbsoluteURL.of("/", base: base)))</id>
          <link rel="self" type="application/atom+xml" href="\(XMLText.escape(AbsoluteURL.of(URLLayout.feed, base: base)))"/>
          <link rel="alternate" type="text/html" href="\(XMLText.escape(AbsoluteURL.of("/", base: base)))"/>
          <updated>\(timestamp(updated))</updated>
          <author><name>\(XMLText.escape(config.agency))</name></author>
          <generator>portal</generator>

        """
        for entry in entries {
            let item = entry.item
            let url = XMLText.escape(AbsoluteURL.of(item.url, base: base))
            xml += """
              <entry>
                <title>\(XMLText.escape(item.title))</title>
                <link rel="alternate" type="text/html" href="\(url)"/>
                <id>\(url)</id>
                <published>\(timestamp(item.date))</published>
                <updated>\(timestamp(item.date))</updated>
                <author><name>\(XMLText.escape(item.publisher))</name></author>
                <category term="\(XMLText.escape(item.category))" label="\(XMLText.escape(entry.categoryName))"/>
                <summary>\(XMLText.escape(summary(of: item)))</summary>
                <content type="html" xml:base="\(url)">\(XMLText.escape(content(of: entry, base: base)))</content>
              </entry>

            """
        }
        xml += "</feed>\n"
        return xml
    }

    /// `2021-03-15T00:00:00+08:00`
    static func timestamp(_ date: PlainDate) -> String {
        date.iso + "T00:00:00+08:00"
    }

    /// The metadata line a reader of a disclosure feed looks for first: 索引号, 文号, 发布机构.
    static func summary(of item: Item) -> String {
        var parts = ["索引号：\(item.indexNo)"]
        if let docNo = item.docNo { parts.append("文号：\(docNo)") }
        parts.append("发布机构：\(item.publisher)")
        parts.append("发布日期：\(item.date.chinese)")
        return parts.joined(separator: "；")
    }

    /// The body, then the attachments. Links in the body stay as the page has them
    /// (`/services/…`); the entry's `xml:base` makes them absolute for feed readers. (XML escaping
    /// is valid HTML escaping too.)
    static func content(of entry: Entry, base: String) -> String {
        var html = entry.bodyHTML
        if !entry.item.attachments.isEmpty {
            html += "<h2>附件</h2>\n<ul>\n"
            for attachment in entry.item.attachments {
                let url = AbsoluteURL.of(entry.item.url + attachment.file, base: base)
                html += "<li><a href=\"\(XMLText.escape(url))\">\(XMLText.escape(attachment.title))</a></li>\n"
            }
            html += "</ul>\n"
        }
        return html
    }
}
