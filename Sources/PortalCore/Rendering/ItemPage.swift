import Foundation

/// The context of an item page: the standard metadata table (索引号, 发布机构, …), the body and
/// the attachments.
enum ItemPage {
    static func context(_ item: Item, bodyHTML: String, category: Category, chrome: PageChrome) -> [String: Any] {
        var meta: [[String: String]] = [
            ["label": "索引号", "value": item.indexNo.description],
            ["label": "发布机构", "value": item.publisher],
            ["label": "发布日期", "value": item.date.chinese],
        ]
        if let written = item.written { meta.append(["label": "成文日期", "value": written.chinese]) }
        if let docNo = item.docNo { meta.append(["label": "文号", "value": docNo]) }
        if !item.topics.isEmpty { meta.append(["label": "主题分类", "value": item.topics.joined(separator: "、")]) }
        if let validity = item.validity { meta.append(["label": "有效性", "value": validity.rawValue]) }

        var page: [String: Any] = [
            "title": item.title,
            "date": item.date.chinese,
            "date_iso": item.date.iso,
            "meta": meta,
            "body": bodyHTML,
            "category": ["name": category.name, "url": "/\(category.slug)/"],
        ]
        if !item.attachments.isEmpty {
            page["has_attachments"] = true
            page["attachments"] = item.attachments.map { attachment -> [String: String] in
                [
                    "title": attachment.title,
                    "url": item.url + attachment.file,
                    "type": FileKind.label(of: attachment.file),
                    "size": FileKind.humanSize(attachment.size),
                ]
            }
        }
        return chrome.context(
            title: item.title, section: "/\(category.slug)/",
            breadcrumbs: [.init(name: category.name, url: "/\(category.slug)/"), .init(name: item.title, url: item.url)],
            page: page)
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
