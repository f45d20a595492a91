import Foundation
import Mustache

/// The Mustache templates of a site (`templates/*.mustache` and `templates/partials/*.mustache`).
///
/// Page templates inherit `layout` (`{{<layout}}{{$main}}…{{/main}}{{/layout}}`); partials are
/// registered under their file name without folder, so `templates/partials/footer.mustache` is
/// `{{>footer}}`. Templates receive dictionaries, never structs: swift-mustache reads structs
/// through reflection, which is slow.
public struct TemplateRenderer: Sendable {
    public let library: MustacheLibrary
    public let names: Set<String>
    /// Whether pages of the same shape may share one rendering (`PageSkeleton`): true when no
    /// template can treat a text as anything but text (see `sharesRenderings(of:)`).
    let sharesRenderings: Bool
    let skeletons = PageSkeletons()
    /// The site's base path (`SiteConfig.basePath`): every rendered page's root-relative URLs are
    /// put under it (`BasePath`). `/` leaves pages as the templates made them.
    public private(set) var basePath = "/"

    /// This renderer, for a site served under `basePath`.
    public func serving(under basePath: String) -> TemplateRenderer {
        var copy = self
        copy.basePath = basePath
        return copy
    }

    /// A renderer for templates whose texts are not known: every page is rendered on its own.
    public init(library: MustacheLibrary, names: Set<String>) {
        self.init(library: library, names: names, sharesRenderings: false)
    }

    init(library: MustacheLibrary, names: Set<String>, sharesRenderings: Bool) {
        self.library = library
        self.names = names
        self.sharesRenderings = sharesRenderings
    }

    /// Loads every template below `directory`; a parse error names the file and the line.
    public static func load(from directory: URL, displayPrefix: String = "templates") -> Result<TemplateRenderer, DiagnosticsError> {
        let folder = directory.standardizedFileURL
        return load(files: SiteFiles(siteRoot: folder.deletingLastPathComponent(), folders: [folder.lastPathComponent]),
                    folder: folder.lastPathComponent, displayPrefix: displayPrefix)
    }

    /// Loads every template below `folder` of the site (`templates`) through the site's one door
    /// to its files: a link or special file there is an error, never read.
    public static func load(files: SiteFiles, folder: String = "templates",
                            displayPrefix: String = "templates") -> Result<TemplateRenderer, DiagnosticsError> {
        var library = MustacheLibrary()
        var names: Set<String> = []
        // Links, special files and unreadable folders anywhere in templates/.
        var diagnostics = files.problems(in: folder).map { problem -> Diagnostic in
            var shown = problem
            shown.file = problem.file.map { displayPrefix + $0.dropFirst(folder.count) }
            return shown
        }
        if files.kind(of: folder) != .folder {
            return .failure(DiagnosticsError(diagnostics + [Diagnostic(
                file: displayPrefix, zh: "找不到模板目录 templates/", en: "the templates/ folder is missing",
                hintZh: "网站根目录下需要 content/ 和 templates/ 两个目录；用 --source 指定网站根目录。",
                hintEn: "The site root needs both content/ and templates/; point --source at the site root.")]))
        }
        var references: [(file: String, line: Int, name: String)] = []
        var sharesRenderings = true
        for relative in files.files(below: folder) where relative.hasSuffix(".mustache") {
            let display = "\(displayPrefix)/\(relative)"
            let data: Data
            switch files.read("\(folder)/\(relative)") {
            case .bytes(let bytes): data = Data(bytes)
            case .missing: continue  // removed while the site was read
            case .failed(var problem):
                problem.file = display
                diagnostics.append(problem)
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(file: display, zh: "模板文件不是 UTF-8 编码", en: "the template is not UTF-8",
                                              hintZh: "用 UTF-8 编码另存此文件", hintEn: "Save the file as UTF-8"))
                continue
            }
            let name = (relative as NSString).lastPathComponent.replacingOccurrences(of: ".mustache", with: "")
            references += partialReferences(in: text).map { (display, $0.line, $0.name) }
            if !Self.sharesRenderings(of: text) { sharesRenderings = false }
            do {
                PortalHTMLContentType.registered
                library.register(try MustacheTemplate(string: PortalHTMLContentType.pragmaLine + text), named: name)
                names.insert(name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(Diagnostic(
                    // The content-type line put before the template is not the editor's.
                    file: display, line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber,
                    zh: "模板语法错误：\(Self.explain(error.error).zh)", en: "template syntax error: \(Self.explain(error.error).en)",
                    hintZh: "检查这一行的 {{ }} 标签是否成对、名称是否拼写正确：\(error.context.line)",
                    hintEn: "Check that the {{ }} tags on this line open and close in pairs: \(error.context.line)"))
            } catch {
                diagnostics.append(Diagnostic(file: display, zh: "模板无法读取（\(error)）", en: "template error: \(error)",
                                              hintZh: "检查这个模板文件的 {{ }} 标签；不清楚如何处理时，把这段信息发给网站的技术维护人员。",
                                              hintEn: "Check the {{ }} tags of this template; if unsure, send this message to the site's maintainer."))
            }
        }
        // swift-mustache renders a missing partial as nothing; a designer should hear about it.
        for reference in references where !names.contains(reference.name) {
            diagnostics.append(Diagnostic(
                file: reference.file, line: reference.line,
                zh: "引用的模板“\(reference.name)”不存在", en: "the template “\(reference.name)” used here does not exist",
                hintZh: "检查名称拼写，或在 templates/ 或 templates/partials/ 中创建 \(reference.name).mustache。",
                hintEn: "Check the spelling, or create \(reference.name).mustache in templates/ or templates/partials/."))
        }
        for required in requiredTemplates where !names.contains(required) {
            diagnostics.append(Diagnostic(
                file: "\(displayPrefix)/\(required).mustache", zh: "缺少页面模板 \(required).mustache", en: "the page template \(required).mustache is missing",
                hintZh: "从 portal 自带的 templates/ 目录复制这个文件。", hintEn: "Copy this file from portal's own templates/ folder."))
        }
        if !diagnostics.isEmpty { return .failure(DiagnosticsError(diagnostics)) }
        return .success(TemplateRenderer(library: library, names: names, sharesRenderings: sharesRenderings))
    }

    /// The page templates the build renders.
    public static let requiredTemplates = ["layout", "home", "category", "item", "404", "annual-reports", "annual-report", "page",
                                            "statistics", "statistics-year", "search"]

    /// swift-mustache's parser errors in a template designer's words.
    static func explain(_ error: Error) -> (zh: String, en: String) {
        guard let error = error as? MustacheTemplate.Error else { return ("无法解析（\(error)）", "cannot be parsed (\(error))") }
        switch error {
        case .sectionCloseNameIncorrect:
            return ("区块的结束标签 {{/名称}} 与开始标签 {{#名称}} 的名称不一致", "a section's closing tag {{/name}} does not match its opening tag {{#name}}")
        case .unfinishedName: return ("标签没有写完整，缺少结尾的 }}", "a tag is not finished: the closing }} is missing")
        case .expectedSectionEnd:
            return ("区块 {{#名称}} 或 {{^名称}} 没有对应的结束标签 {{/名称}}", "a section {{#name}} or {{^name}} has no closing tag {{/name}}")
        case .invalidSetDelimiter: return ("更换分隔符的标签 {{=… …=}} 写法不对", "a set-delimiter tag {{=… …=}} is malformed")
        case .transformAppliedToInheritanceSection: return ("继承区块上不能使用转换", "a transform cannot be applied to an inheritance section")
        case .illegalTokenInsideInheritSection: return ("引用模板的继承区块中有不允许的标签", "a tag that is not allowed inside a partial's inheritance section")
        case .textInsideInheritSection: return ("引用模板的继承区块中不能直接写文字", "text is not allowed inside a partial's inheritance section")
        case .invalidConfigVariableSyntax: return ("{{% … }} 配置标签写法不对", "a {{% … }} configuration tag is malformed")
        case .unrecognisedConfigVariable: return ("不认识的 {{% … }} 配置项", "an unknown {{% … }} configuration variable")
        @unknown default: return ("无法解析（\(error)）", "cannot be parsed (\(error))")
        }
    }

    /// `{{>name}}` and `{{<name}}` tags with their lines. Tags are read across lines, so text
    /// inside a multi-line `{{! comment }}` is never taken for a tag.
    static func partialReferences(in text: String) -> [(line: Int, name: String)] {
        var references: [(line: Int, name: String)] = []
        var rest = text[...]
        var line = 1
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].utf8.count { $0 == 10 }
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            let inside = rest[..<close.lowerBound]
            let tag = inside.trimmingCharacters(in: .whitespacesAndNewlines)
            if let first = tag.first, first == ">" || first == "<" {
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                if !name.isEmpty && !name.hasPrefix("*") { references.append((line, name)) }
            }
            line += inside.utf8.count { $0 == 10 }
            rest = rest[close.upperBound...]
        }
        return references
    }

    /// Whether a template uses its values only as text and sections, so that pages may share
    /// renderings (`PageSkeleton`). Not when it has a transform (`{{uppercased(title)}}`: the
    /// text is changed), a dynamic partial (`{{>*name}}`: the text names a template), a set
    /// delimiter (`{{=<% %>=}}`: its tags can no longer be read here) or a marker's characters.
    static func sharesRenderings(of text: String) -> Bool {
        if PageSkeleton.holdsMarkerCharacters(text) { return false }
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            let tag = rest[..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
            rest = rest[close.upperBound...]
            guard let first = tag.first, first != "!" else { continue }
            if first == "=" || tag.contains("(") { return false }
            if first == ">" || first == "<", tag.dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("*") { return false }
        }
        return true
    }

    /// Renders the template `name` (file name without `.mustache`).
    public func render(_ name: String, _ context: [String: Any]) throws -> String {
        BasePath.apply(basePath, to: try renderUnderRoot(name, context))
    }

    /// Renders the template `name` for `values`, as `render(_:_:)` would for `values.dictionary()`:
    /// from the skeleton of the values' shape when the templates allow it (made on first use).
    func render(_ name: String, _ values: TemplateValues) throws -> Data {
        BasePath.apply(basePath, to: try renderUnderRoot(name, values))
    }

    private func renderUnderRoot(_ name: String, _ values: TemplateValues) throws -> Data {
        guard sharesRenderings, !values.rendersAlone else { return Data(try renderUnderRoot(name, values.dictionary()).utf8) }
        switch skeletons.entry(template: name, shape: values.shape) {
        case .skeleton(let skeleton)?:
            return skeleton.fill(values.texts)
        case .unusable?:
            return Data(try renderUnderRoot(name, values.dictionary()).utf8)
        case nil:
            var lineBreaks: [Bool] = []
            let marked = values.dictionary { index, endsInLineBreak in
                lineBreaks.append(endsInLineBreak)
                return PageSkeleton.marker(index, endsInLineBreak: endsInLineBreak)
            }
            guard let output = library.render(marked, withTemplate: name) else { throw Self.missing(name) }
            let skeleton = PageSkeleton.parse(output) { lineBreaks.indices.contains($0) ? lineBreaks[$0] : nil }
            skeletons.store(skeleton.map { .skeleton($0) } ?? .unusable, template: name, shape: values.shape)
            guard let skeleton else { return Data(try renderUnderRoot(name, values.dictionary()).utf8) }
            return skeleton.fill(values.texts)
        }
    }

    private func renderUnderRoot(_ name: String, _ context: [String: Any]) throws -> String {
        guard let output = library.render(context, withTemplate: name) else { throw Self.missing(name) }
        return output
    }

    private static func missing(_ name: String) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(
            file: "templates/\(name).mustache", zh: "缺少模板 \(name).mustache", en: "the template \(name).mustache is missing",
            hintZh: "从 portal 自带的 templates/ 目录复制这个文件", hintEn: "Copy this file from portal's own templates/ folder")])
    }
}
