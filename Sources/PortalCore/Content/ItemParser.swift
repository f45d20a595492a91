import Foundation
import Yams

/// Turns one item file into an `Item`, or into the diagnostics that say what to fix.
public enum ItemParser {
    public static let knownKeys = [
        "title", "date", "index_no", "publisher", "doc_no", "written", "topics", "validity",
        "expires", "draft", "attachments", "interprets", PrivacyScan.exceptionKey,
    ]

    /// - Parameters:
    ///   - text: decoded file text (see `SourceText`).
    ///   - folder: the item's folder on disk, to find attachments.
    public static func parse(text: String, file: String, category: String, slug: String,
                             folder: URL, config: SiteConfig) -> (Item?, [Diagnostic]) {
        if SourceText.isBlank(text) {
            return (nil, [Diagnostic(file: file, zh: "文件是空的", en: "the file is empty",
                                     hintZh: "写入前置信息和正文，或删除这个文件。",
                                     hintEn: "Write the front matter and the body, or delete the file.")])
        }
        switch FrontMatter.split(text, file: file) {
        case .success(let split): return parse(split, file: file, category: category, slug: slug, folder: folder, config: config)
        case .failure(let diagnostic):
            // No closing `---`: the fields above the body are still read, for their own mistakes.
            guard let guess = FrontMatter.guessedSplit(text) else { return (nil, [diagnostic]) }
            let (_, problems) = parseWithYams(guess, file: file, category: category, slug: slug, folder: folder, config: config)
            return (nil, [diagnostic] + problems)
        }
    }

    /// `parse` on a file already split (the file is not blank: it has the markers).
    static func parse(_ split: FrontMatter, file: String, category: String, slug: String,
                      folder: URL, config: SiteConfig) -> (Item?, [Diagnostic]) {
        if let item = parseQuickly(split, file: file, category: category, slug: slug, config: config) {
            return (item, [])
        }
        return parseWithYams(split, file: file, category: category, slug: slug, folder: folder, config: config)
    }

    /// The item of a front matter of one `key: value` line per key (`LineMapping`) with nothing
    /// to report, read without Yams; nil for anything else (including every file with a problem),
    /// which `parseWithYams` then reads and reports on.
    static func parseQuickly(_ split: FrontMatter, file: String, category: String, slug: String,
                             config: SiteConfig) -> Item? {
        // Attachments are files to look at, and rare: Yams' path reads them.
        guard let mapping = LineMapping.parse(split.yaml), mapping.entry("attachments") == nil else { return nil }
        let fields = LineMappingFields(mapping, lineOffset: split.yamlLineOffset)
        let (item, problems) = read(fields, split: split, file: file, category: category, slug: slug,
                             attachments: { _ in [] }, config: config)
        return fields.gaveUp || !problems.isEmpty ? nil : item
    }

    /// The item read with Yams, with a diagnostic for every problem.
    static func parseWithYams(_ split: FrontMatter, file: String, category: String, slug: String,
                              folder: URL, config: SiteConfig) -> (Item?, [Diagnostic]) {
        let (fieldsOrNil, problems) = split.readFields(file: file)
        guard let fields = fieldsOrNil else { return (nil, problems) }
        return read(fields, split: split, file: file, category: category, slug: slug,
                    attachments: { parseAttachments($0, folder: folder) }, config: config)
    }

    /// The item's keys read and checked through either reader, so both apply the same rules.
    private static func read<Fields: FieldReading>(_ fields: Fields, split: FrontMatter, file: String, category: String,
                                                   slug: String, attachments parseAttachments: (Fields) -> [Attachment],
                                                   config: SiteConfig) -> (Item?, [Diagnostic]) {
        fields.rejectUnknownKeys(allowed: knownKeys, severity: .error)
        let title = fields.string("title", required: true, example: "title: 关于……的通知")
        let date = fields.date("date", required: true)
        let indexText = fields.string("index_no", required: true,
                                      example: "index_no: \(config.indexPrefix)/\(date?.year ?? 2021)-00001")
        let publisher = fields.string("publisher", required: false, example: "") ?? config.agency
        let docNo = fields.string("doc_no", required: false, example: "")
        let written = fields.date("written", required: false)
        let topics = fields.stringList("topics")
        let expires = fields.date("expires", required: false)
        let draft = fields.bool("draft") ?? false
        var validity: Validity?
        if let text = fields.string("validity", required: false, example: "") {
            validity = Validity(rawValue: text)
            if validity == nil {
                fields.error(atKey: "validity",
                             zh: "`validity`（有效性）只能是 有效、失效 或 废止，这里是“\(text)”",
                             en: "`validity` must be 有效, 失效 or 废止, found “\(text)”",
                             hintZh: "例如 validity: 有效", hintEn: "For example validity: 有效")
            }
        }
        let indexNo = indexText.flatMap { checkIndexNumber($0, date: date, fields: fields, config: config) }
        if let date, let expires, expires < date {
            fields.error(atKey: "expires",
                         zh: "`expires`（下线日期）\(expires.iso) 早于发布日期 \(date.iso)",
                         en: "`expires` \(expires.iso) is before the publication date \(date.iso)",
                         hintZh: "下线日期应在发布日期之后，例如公示期满之日。",
                         hintEn: "The expiry day must come after the publication date, e.g. the last day of the notice period.")
        }
        if let date, let written, written > date {
            fields.warning(atKey: "written",
                           zh: "成文日期 \(written.iso) 晚于发布日期 \(date.iso)",
                           en: "the writing date \(written.iso) is after the publication date \(date.iso)",
                           hintZh: "检查两个日期是否写反。", hintEn: "Check whether the two dates are swapped.")
        }
        let attachments = parseAttachments(fields)
        let privacyException = fields.string(PrivacyScan.exceptionKey, required: false, example: "")
        let interprets = readInterprets(fields, own: indexNo, config: config)
        // Not a front-matter key: said here, and it sends the quick reader to Yams like any problem.
        let placeholder = draft ? nil : placeholderProblem(split, file: file)

        let problems = fields.diagnostics + (placeholder.map { [$0] } ?? [])
        guard !problems.contains(where: \.isError), let title, let date, let indexNo else {
            return (nil, problems)
        }
        let item = Item(category: category, slug: slug, sourcePath: file, title: title, date: date,
                        indexNo: indexNo, indexNoLine: fields.lineOfKey("index_no"), publisher: publisher, docNo: docNo, written: written,
                        topics: topics, validity: validity, expires: expires, draft: draft,
                        attachments: attachments, privacyException: privacyException, body: split.body, bodyLine: split.bodyLine,
                        interprets: interprets, interpretsLine: interprets.isEmpty ? nil : fields.lineOfKey("interprets"))
        return (item, problems)
    }

    /// The 索引号 of `interprets` (one or a list). Only the form and the item itself are checked
    /// here: whether the document exists and is published depends on the whole site and on
    /// `--now` (`Interpretations`).
    private static func readInterprets<Fields: FieldReading>(_ fields: Fields, own: IndexNumber?,
                                                            config: SiteConfig) -> [IndexNumber] {
        var numbers: [IndexNumber] = []
        let example = "interprets: \(config.indexPrefix)/2021-00001"
        for text in fields.stringList("interprets") {
            guard let number = IndexNumber(text.trimmingCharacters(in: .whitespaces)) else {
                fields.error(atKey: "interprets",
                             zh: "`interprets`（解读的文件）中的索引号“\(text)”格式不对，应为“机构代码/年份-五位流水号”",
                             en: "the index number “\(text)” in `interprets` is malformed; it must be <prefix>/<year>-<5-digit serial>",
                             hintZh: "写被解读文件的索引号，例如 \(example)；多个文件写成列表 [索引号1, 索引号2]。",
                             hintEn: "Write the index number of the interpreted document, e.g. \(example); several as a list [a, b].")
                continue
            }
            if number == own {
                fields.error(atKey: "interprets",
                             zh: "`interprets` 写的是本条信息自己的索引号 \(number)：一条信息不能解读它自己",
                             en: "`interprets` names this item's own index number \(number): an item cannot interpret itself",
                             hintZh: "写被解读的政策文件的索引号（在该文件的 index_no 中），或删去 interprets 这一行。",
                             hintEn: "Write the index number of the policy document interpreted (its index_no), or delete the interprets line.")
                continue
            }
            if !numbers.contains(number) { numbers.append(number) }
        }
        return numbers
    }

    /// The body `portal new` writes (`ItemScaffold`): says where the text goes. A non-draft item
    /// still holding it is an error (`placeholderProblem`), so it is never published.
    static let newItemPlaceholder = "（在此处填写正文，删去这一行。正文使用 CommonMark 格式：“## ”开头的行是小标题，“1. ”或“- ”开头的行是列表。）"

    /// `portal new`'s placeholder left in an item that is not a draft would reach readers.
    private static func placeholderProblem(_ split: FrontMatter, file: String) -> Diagnostic? {
        let body = split.body
        // Checked on bytes, without Foundation: it runs on every item of the site.
        guard let offset = firstOffset(of: newItemPlaceholder, in: body) else { return nil }
        let line = split.bodyLine + body.utf8.prefix(offset).reduce(0) { $1 == 10 ? $0 + 1 : $0 }
        return Diagnostic(
            file: file, line: line,
            zh: "正文中还留着 portal new 生成的占位文字“（在此处填写正文，删去这一行。……）”，这条信息不是草稿，会原样发布给读者",
            en: "the body still holds portal new's placeholder sentence, and the item is not a draft: readers would see it",
            hintZh: "把这一行换成正文；正文还没写好时，在前置信息中保留 draft: true。",
            hintEn: "Replace that line with the body; keep draft: true in the front matter until the body is written.")
    }

    /// The UTF-8 offset of `needle` in `haystack`, or nil.
    static func firstOffset(of needle: String, in haystack: String) -> Int? {
        let target = Array(needle.utf8)
        guard let first = target.first else { return 0 }
        var haystack = haystack
        return haystack.withUTF8 { bytes -> Int? in
            guard bytes.count >= target.count else { return nil }
            var index = 0
            while index + target.count <= bytes.count {
                if bytes[index] == first, bytes[index..<index + target.count].elementsEqual(target) { return index }
                index += 1
            }
            return nil
        }
    }

    static func checkIndexNumber<Fields: FieldReading>(_ text: String, date: PlainDate?, fields: Fields,
                                                               config: SiteConfig) -> IndexNumber? {
        let example = "\(config.indexPrefix)/\(date?.year ?? 2021)-00001"
        guard let number = IndexNumber(text) else {
            fields.error(atKey: "index_no", zh: "索引号“\(text)”格式不对，应为“机构代码/年份-五位流水号”",
                         en: "index number “\(text)” is malformed; it must be <prefix>/<year>-<5-digit serial>",
                         hintZh: "例如 index_no: \(example)", hintEn: "For example index_no: \(example)")
            return nil
        }
        var ok = true
        if number.prefix != config.indexPrefix {
            fields.error(atKey: "index_no", zh: "索引号前缀“\(number.prefix)”与 site.yaml 的 index_prefix“\(config.indexPrefix)”不一致",
                         en: "index number prefix “\(number.prefix)” differs from index_prefix “\(config.indexPrefix)” in site.yaml",
                         hintZh: "例如 index_no: \(example)", hintEn: "For example index_no: \(example)")
            ok = false
        }
        if let date, number.year != date.year {
            fields.error(atKey: "index_no", zh: "索引号中的年份 \(number.year) 与发布日期的年份 \(date.year) 不一致",
                         en: "the year \(number.year) in the index number differs from the publication year \(date.year)",
                         hintZh: "索引号的年份应为发布日期所在年份，例如 \(example)",
                         hintEn: "The index number's year is the year of `date`, e.g. \(example)")
            ok = false
        }
        if number.serial == 0 {
            fields.error(atKey: "index_no", zh: "索引号流水号不能是 00000", en: "the serial of an index number cannot be 00000",
                         hintZh: "流水号从 00001 开始", hintEn: "Serials start at 00001")
            ok = false
        }
        return ok ? number : nil
    }

    /// The keys of one attachment entry.
    static let attachmentKeys = ["file", "title"]

    private static func parseAttachments(_ fields: YAMLFields, folder: URL) -> [Attachment] {
        guard let node = fields.node("attachments"), !fields.isNull(node) else { return [] }
        guard let list = node.sequence else {
            fields.error(at: node, zh: "`attachments` 应为列表", en: "`attachments` must be a list",
                         hintZh: "例如：\nattachments:\n  - { file: 名单.pdf, title: 人员名单 }",
                         hintEn: "For example:\nattachments:\n  - { file: list.pdf, title: 人员名单 }")
            return []
        }
        var attachments: [Attachment] = []
        for entry in list {
            guard let map = entry.mapping else {
                fields.error(at: entry, zh: "附件应写成 { file: 文件名, title: 标题 }",
                             en: "an attachment must be written { file: name, title: 标题 }")
                continue
            }
            // An unknown key is reported and the entry still checked: every problem in one run.
            for (keyNode, _) in map {
                guard let key = keyNode.string, !attachmentKeys.contains(key) else { continue }
                let suggestion = Spelling.keyForChineseLabel(key, among: attachmentKeys) ?? Spelling.closest(to: key, among: attachmentKeys)
                fields.error(at: keyNode, zh: "附件中的未知字段 `\(key)`", en: "unknown key `\(key)` in an attachment",
                             hintZh: suggestion.map { "是否想写 `\($0)`？附件只有 file 和 title 两个字段。" }
                                 ?? "附件只有 file（文件名）和 title（标题）两个字段。",
                             hintEn: suggestion.map { "Did you mean `\($0)`? An attachment has only `file` and `title`." }
                                 ?? "An attachment has only `file` (the file name) and `title`.")
            }
            var entryOK = true
            for key in attachmentKeys {
                guard let value = map[key], value.scalar == nil else { continue }
                fields.error(at: value, zh: "附件的 `\(key)` 应为一段文字", en: "an attachment's `\(key)` must be a single text value",
                             hintZh: "例如 { file: 名单.pdf, title: 人员名单 }",
                             hintEn: "For example { file: list.pdf, title: 人员名单 }")
                entryOK = false
            }
            guard entryOK else { continue }
            guard let file = map["file"]?.string, !file.isEmpty else {
                fields.error(at: entry, zh: "附件缺少 `file`（文件名），应写成 { file: 文件名, title: 标题 }",
                             en: "the attachment has no `file`; write it { file: name, title: 标题 }")
                continue
            }
            // `title:` left empty shows the file name, as no title does.
            let title = map["title"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? file
            let nameProblems = FileNameRules.attachmentProblems(file: file)
            for problem in nameProblems {
                fields.error(at: entry, zh: problem.message.zh, en: problem.message.en,
                             hintZh: problem.hint?.zh, hintEn: problem.hint?.en)
            }
            if !nameProblems.isEmpty { continue }
            // Opened, not only looked at: an attachment that cannot be read is found by `check`
            // too, at its line; a link or a FIFO is never followed nor read (see `SiteFiles`).
            let size: Int
            switch SiteFiles.readableSize(ofFileAt: folder.appendingPathComponent(file).path) {
            case .success(let bytes): size = bytes
            case .failure(let failure) where failure.isMissing || failure.code == EISDIR:
                fields.error(at: entry, zh: "找不到附件“\(file)”", en: "attachment “\(file)” not found",
                             hintZh: "把文件放在 .md 文件所在目录，并检查文件名（包括扩展名、大小写）。",
                             hintEn: "Put the file in the .md file's folder and check the name, extension and case.")
                continue
            case .failure(let failure):
                let path = "content/\(folder.lastPathComponent)/\(file)"
                let problem = failure.diagnostic(path)
                fields.error(at: entry, zh: "附件 \(path)：\(problem.message.zh)", en: "attachment \(path): \(problem.message.en)",
                             hintZh: problem.hint?.zh, hintEn: problem.hint?.en)
                continue
            }
            attachments.append(Attachment(file: file, title: title, size: size))
        }
        return attachments
    }
}
