import Foundation

/// The values of an item page: the standard metadata table (索引号, 发布机构, …), the body and
/// the attachments.
enum ItemPage {
    /// - Parameters:
    ///   - bodyHTML: the rendered Markdown body, in UTF-8.
    ///   - draft: marks the page 草稿 (`{{#draft}}`); only the preview renders drafts.
    ///   - guide: `{title, url}` of the 政府信息公开指南 the page links to, if any.
    static func values(_ item: Item, bodyHTML: [UInt8], category: Category, chrome: PageChrome,
                       draft: Bool = false, guide: [String: String]? = nil) -> TemplateValues {
        let categoryURL = URLLayout.category(category.slug)
        var values = TemplateValues()
        let date = item.date.chinese
        values.set("title", item.title)
        values.set("date", date)
        values.set("date_iso", item.date.iso)
        var meta: [(label: String, value: String)] = [
            ("索引号", item.indexNo.description),
            ("发布机构", item.publisher),
            ("发布日期", date),
        ]
        if let written = item.written { meta.append(("成文日期", written.chinese)) }
        if let docNo = item.docNo { meta.append(("文号", docNo)) }
        if !item.topics.isEmpty { meta.append(("主题分类", item.topics.joined(separator: "、"))) }
        if let validity = item.validity { meta.append(("有效性", validity.rawValue)) }
        values.list("meta", meta) { values, row in
            values.set("label", row.label)
            values.set("value", row.value)
        }
        values.set("body", html: bodyHTML)
        values.object("category") { values in
            values.set("name", category.name)
            values.set("url", categoryURL)
        }
        if !item.attachments.isEmpty {
            values.set("has_attachments", true)
            values.list("attachments", item.attachments) { values, attachment in
                values.set("title", attachment.title)
                values.set("url", item.url + attachment.file)
                values.set("type", FileKind.label(of: attachment.file))
                values.set("size", FileKind.humanSize(attachment.size))
            }
        }
        chrome.addContext(to: &values, title: item.title, section: categoryURL,
                          breadcrumbs: [.init(name: category.name, url: categoryURL), .init(name: item.title, url: item.url)])
        // 政策解读 links, resolved by the build plan against what is published (`Interpretations`).
        if !item.related.interpreted.isEmpty {
            values.set("has_interpreted", true)
            values.list("interpreted", item.related.interpreted) { values, link in
                values.set("title", link.title)
                values.set("url", link.url)
            }
        }
        if !item.related.interpretations.isEmpty {
            values.set("has_interpretations", true)
            values.list("interpretations", item.related.interpretations) { values, link in
                values.set("title", link.title)
                values.set("url", link.url)
                values.set("date", link.date.chinese)
                values.set("date_iso", link.date.iso)
            }
        }
        if draft { values.set("draft", true) }
        if let guide {
            values.object("guide") { values in
                for key in guide.keys.sorted() { values.set(key, guide[key]!) }
            }
        }
        return values
    }
}

/// How attachments are described to readers: "PDF", "120.5 KB".
enum FileKind {
    static func label(of file: String) -> String {
        let ext = (file as NSString).pathExtension.lowercased()
        switch ext {
        case "pdf": return "PDF"
        case "doc", "docx", "wps": return "Word"
        case "xls", "xlsx", "et", "csv": return ext == "csv" ? "CSV" : "Excel"
        case "txt": return "文本"
        case "zip", "rar", "7z": return "压缩包"
        case "jpg", "jpeg", "png", "gif", "webp": return "图片"
        case "": return "文件"
        default: return ext.uppercased()
        }
    }

    static func humanSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let kb = Double(bytes) / 1024
        if kb < 1024 { return String(format: "%.1f KB", kb) }
        return String(format: "%.1f MB", kb / 1024)
    }
}
