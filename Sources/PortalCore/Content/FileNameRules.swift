/// The names editors give files under `content/` (items, pages, attachments).
///
/// Each name becomes a URL segment and a file or folder the build writes, so a name has to work
/// as both (CONTENT.md): no leading dot (`..md` would publish at `/livelihood/../`), none of
/// `# ? % \` (a browser reads them as fragment, query, escape or path: the href leads elsewhere),
/// no control characters, nothing the build itself writes in the same folder, and nothing longer
/// than a file name may be once the build's own additions are counted.
///
/// The functions are pure: they look at the name only, never at the disk.
public enum FileNameRules {
    /// The longest file name in bytes on the file systems a site is built on (ext4, XFS, APFS).
    public static let maximumNameBytes = 255

    /// The build writes a gzip sibling (`name.gz`) beside text files for nginx's `gzip_static`:
    /// an attachment's name must leave room for it.
    public static let maximumAttachmentBytes = maximumNameBytes - ".gz".utf8.count

    /// Characters that end or change a URL path segment: fragment, query, escape, Windows path.
    static let unsafeCharacters: [Character] = ["#", "?", "%", "\\"]

    /// Attachment extensions that a browser runs or renders as a page of this site (scripts in
    /// the site's own origin), refused so that an attachment can only ever be downloaded or viewed.
    public static let activeContentExtensions = ["html", "htm", "xhtml", "xht", "js", "mjs", "svg", "svgz"]

    /// What the build writes in a category folder beside the item folders: its index page, the
    /// gzip sibling and the pagination folder (`/<category>/page/2/`).
    static let categoryFolderNames: Set<String> = ["index.html", "index.html.gz", "page"]

    /// Suffixes an item folder may not end with: the build's page and gzip files, which nginx and
    /// the build's own pruning treat as files, not folders.
    static let itemFolderSuffixes = [".gz", ".html", ".htm"]

    // MARK: - Items

    /// The problems of the item file `content/<category>/<name>` (`name` ends in `.md`); empty
    /// when the name is fine. The diagnostics name the file and have no line.
    public static func itemFileProblems(name: String, category: String) -> [Diagnostic] {
        let file = "content/\(category)/\(visible(name))"
        let slug = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        let example = "2021-03-15-subsidy-notice.md"
        if slug.isEmpty {
            return [Diagnostic(
                file: file, zh: "文件名只有扩展名“.md”，缺少名称（名称就是网址的一部分）",
                en: "the file name is only the extension “.md”; the name (part of the address) is missing",
                hintZh: "改名为有意义的名称，例如 \(example)。", hintEn: "Rename it to a meaningful name, e.g. \(example).")]
        }
        var problems = segmentProblems(name, file: file, example: example)
        if problems.isEmpty, let collision = itemCollision(slug) {
            problems.append(Diagnostic(
                file: file,
                zh: "文件名“\(visible(slug))”与网站自己在栏目中使用的\(collision.zh)冲突，信息页无法发布在 /\(category)/\(visible(slug))/",
                en: "the name “\(visible(slug))” collides with \(collision.en) the site itself uses in the category; the item cannot be published at /\(category)/\(visible(slug))/",
                hintZh: "给文件换一个名字，不要叫 page、index.html，也不要以 .gz、.html、.htm 结尾，例如 \(example)。",
                hintEn: "Rename the file: not page or index.html, and not ending in .gz, .html or .htm; e.g. \(example)."))
        }
        let bytes = slug.utf8.count
        if bytes > maximumNameBytes {
            problems.append(Diagnostic(
                file: file,
                zh: "文件名过长：名称有 \(bytes) 字节（一个汉字占 3 字节），网址中的目录名最多 \(maximumNameBytes) 字节",
                en: "the name is too long: \(bytes) bytes (a Chinese character takes 3), and the item's folder may have at most \(maximumNameBytes)",
                hintZh: "缩短文件名；标题写在 title 字段中，不必放进文件名。",
                hintEn: "Shorten the file name; the title belongs in `title`, not in the name."))
        }
        return problems
    }

    /// What the build writes in a category folder that `slug` would collide with, in both languages.
    private static func itemCollision(_ slug: String) -> BilingualText? {
        if categoryFolderNames.contains(slug) {
            return slug == "page"
                ? BilingualText(zh: "分页目录 page", en: "the pagination folder `page`")
                : BilingualText(zh: "栏目首页文件 \(slug)", en: "the category page file `\(slug)`")
        }
        let lowered = slug.lowercased()
        if let suffix = itemFolderSuffixes.first(where: { lowered.hasSuffix($0) }) {
            return BilingualText(zh: "页面或压缩文件（以 \(suffix) 结尾）", en: "the page and gzip files (names ending in \(suffix))")
        }
        return nil
    }

    // MARK: - Pages

    /// The problems of `content/pages/<name>` that come before its slug rule (`[a-z0-9-]`):
    /// a name that is only `.md` or starts with a dot, said as such rather than as a bad slug.
    static func pageFileProblems(name: String) -> [Diagnostic] {
        let file = "content/pages/\(visible(name))"
        let slug = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        if slug.isEmpty {
            return [Diagnostic(
                file: file, zh: "页面文件名只有扩展名“.md”，缺少名称（名称就是页面地址 /名称/）",
                en: "the page file name is only the extension “.md”; the name (the page's address /name/) is missing",
                hintZh: "改名为例如 guide.md、contact.md。", hintEn: "Rename it, e.g. guide.md or contact.md.")]
        }
        return segmentProblems(name, file: file, example: "guide.md")
    }

    // MARK: - Attachments

    /// The problems of an attachment's file name (`attachments: - { file: … }`), empty when it is
    /// fine. The diagnostics have no file: the caller places them at the attachment's entry.
    public static func attachmentProblems(file name: String) -> [Diagnostic] {
        if name.contains("/") || name == "." || name == ".." {
            return [Diagnostic(
                file: nil,
                zh: "附件“\(visible(name))”必须是与本文件同一目录下的文件名，不能包含路径",
                en: "attachment “\(visible(name))” must be a file name in the item's own folder, without a path",
                hintZh: "把附件放在 .md 文件旁边，只写文件名。",
                hintEn: "Put the attachment beside the .md file and give its name only.")]
        }
        var problems = segmentProblems(name, file: nil, example: "2021-03-15-subsidy-list.pdf", what: attachmentWord(name))
        let lowered = name.lowercased()
        let lastExtension = lowered.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let hasExtension = lowered.contains(".")
        if lowered.hasSuffix(".gz") {
            problems.append(Diagnostic(
                file: nil,
                zh: "附件“\(visible(name))”与生成网站时写入信息目录的文件同名：生成网站时会为文本文件另写一个加 .gz 的压缩副本",
                en: "attachment “\(visible(name))” takes a name the build writes in the item's folder: the build writes a .gz copy beside text files",
                hintZh: "压缩文件请用 zip 格式，例如 名单.zip；或直接附原文件。",
                hintEn: "Use zip for compressed files, e.g. list.zip, or attach the file itself."))
        } else if lowered == "index.html" {
            problems.append(Diagnostic(
                file: nil,
                zh: "附件“\(visible(name))”与生成网站时写入信息目录的文件同名：index.html 是信息页本身",
                en: "attachment “\(visible(name))” takes a name the build writes in the item's folder: index.html is the item page itself",
                hintZh: "网页不能作为附件：请附 PDF、图片（png、jpg）或压缩包（zip），网页内容可写进正文。",
                hintEn: "A web page cannot be attached: attach a PDF, an image (png, jpg) or a zip; page text can go in the body."))
        } else if hasExtension, activeContentExtensions.contains(lastExtension) {
            problems.append(Diagnostic(
                file: nil,
                zh: "附件“\(visible(name))”是网页或脚本（.\(lastExtension)），会在本网站中打开并运行，不能作为附件发布",
                en: "attachment “\(visible(name))” is a web page or script (.\(lastExtension)) that would open and run within this site; it cannot be attached",
                hintZh: "请改为附 PDF、图片（png、jpg）或压缩包（zip）；网页内容可写进正文。",
                hintEn: "Attach a PDF, an image (png, jpg) or a zip instead; page text can go in the body."))
        }
        let bytes = name.utf8.count
        if bytes > maximumAttachmentBytes {
            problems.append(Diagnostic(
                file: nil,
                zh: "附件文件名过长：“\(visible(name))”有 \(bytes) 字节（一个汉字占 3 字节），最多 \(maximumAttachmentBytes) 字节"
                    + "（生成网站时还要写入加 .gz 的压缩副本，文件名上限为 \(maximumNameBytes) 字节）",
                en: "the attachment name “\(visible(name))” is too long: \(bytes) bytes (a Chinese character takes 3), at most \(maximumAttachmentBytes)"
                    + " (the build writes a copy named with .gz added, and a file name may have \(maximumNameBytes) bytes)",
                hintZh: "缩短文件名（改名后同时修改 attachments 中的 file）；完整标题写在 title 中。",
                hintEn: "Shorten the file name (and its `file:` entry); the full title belongs in `title`."))
        }
        return problems
    }

    private static func attachmentWord(_ name: String) -> BilingualText {
        BilingualText(zh: "附件名“\(visible(name))”", en: "the attachment name “\(visible(name))”")
    }

    // MARK: - Shared

    /// The rules every name shares: no leading dot, none of `# ? % \`, no control characters.
    private static func segmentProblems(_ name: String, file: String?, example: String,
                                        what: BilingualText? = nil) -> [Diagnostic] {
        let what = what ?? BilingualText(zh: "文件名“\(visible(name))”", en: "the file name “\(visible(name))”")
        var problems: [Diagnostic] = []
        if name.hasPrefix(".") {
            problems.append(Diagnostic(
                file: file,
                zh: "\(what.zh)以“.”开头：这样的文件是隐藏文件，网址也会变成“.”“..”这类无法访问的路径",
                en: "\(what.en) starts with a dot: such files are hidden, and the address becomes a path like “.” or “..” that cannot be visited",
                hintZh: "去掉开头的“.”，例如 \(example)。", hintEn: "Remove the leading dot, e.g. \(example)."))
        }
        let unsafe = unsafeCharacters.filter { name.contains($0) }
        if !unsafe.isEmpty {
            let list = unsafe.map { "“\($0)”" }.joined(separator: "、")
            let listEn = unsafe.map { "“\($0)”" }.joined(separator: ", ")
            problems.append(Diagnostic(
                file: file,
                zh: "\(what.zh)含有网址中有特殊含义的字符 \(list)，链接会指向别处",
                en: "\(what.en) contains \(listEn), which web addresses treat specially: links to it would lead elsewhere",
                hintZh: "把这些字符换成“-”或删去，例如 \(example)。", hintEn: "Replace them with “-” or remove them, e.g. \(example)."))
        }
        if name.unicodeScalars.contains(where: isControl) {
            problems.append(Diagnostic(
                file: file,
                zh: "\(what.zh)含有控制字符（如 Tab、回车、换行），浏览器无法打开这样的链接",
                en: "\(what.en) contains control characters (such as a tab, carriage return or line feed) that no browser can follow in a link",
                hintZh: "重新输入文件名，只用文字、数字、“-”和“.”，例如 \(example)。",
                hintEn: "Type the name again with letters, digits, “-” and “.” only, e.g. \(example)."))
        }
        return problems
    }

    /// C0 controls (tab, CR, LF, …), DEL and the C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool { DiagnosticPrinter.isControl(scalar) }

    /// `name` with its control characters written out (`\t`, `\n`, `U+0007`), so that a message
    /// naming it stays on one line and shows what is there.
    public static func visible(_ name: String) -> String { DiagnosticPrinter.printable(name) }
}
