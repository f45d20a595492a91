/// "Did you mean …?" for a dead link, and the links of items whose files have errors.
extension LinkChecker {
    /// The page (or file) a dead link most likely meant. The last segment, the slug, is what an
    /// editor copies from the file name: a page with exactly that slug anywhere in the site is the
    /// answer before any page that merely looks alike (a relative link from a policy to its 解读
    /// resolves into the policy's folder, where a similar slug may be, while the 解读's own slug
    /// is unique in another folder). Then a similar slug, then a similar whole path.
    static func suggestion(for path: String, among produced: Set<String>) -> String? {
        let isPage = path.hasSuffix("/")
        let candidates = produced.filter { $0.hasSuffix("/") == isPage && $0 != "/" }
        let slug = lastSegment(path)
        guard !slug.isEmpty else { return Spelling.closest(to: path, among: Array(candidates)) }
        let ranked = candidates.map { (path: $0, slug: Spelling.distance(lastSegment($0), slug)) }
        // Nearest whole path first among equal slugs; the path text breaks ties for a stable answer.
        let byPath: (String, String) -> Bool = { a, b in
            let da = Spelling.distance(a, path), db = Spelling.distance(b, path)
            return da != db ? da < db : a < b
        }
        let exact = ranked.filter { $0.slug == 0 }.map(\.path)
        if let best = exact.min(by: byPath) { return best }
        let limit = max(2, slug.count / 3)
        let similar = ranked.filter { $0.slug <= limit }
        if let bestDistance = similar.map(\.slug).min() {
            return similar.filter { $0.slug == bestDistance }.map(\.path).min(by: byPath)
        }
        return Spelling.closest(to: path, among: Array(candidates))
    }

    private static func lastSegment(_ path: String) -> String {
        String(path.split(separator: "/").last ?? "")
    }

    /// The body links of items whose files have errors: they have no page, but a dead link among
    /// them is named in the same run as the file's other mistakes. A link to a file beside the
    /// item (a picture, an attachment) is fine when the file is there: the page that would
    /// publish it is the one in error.
    public func check(itemsInError: [ItemInError], files: SiteFiles) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for item in itemsInError {
            guard let body = item.body, !item.isDraft else { continue }
            let links = MarkdownRenderer.render(body).links
            guard !links.isEmpty else { continue }
            let besideItem = Set((files.entries(of: "content/\(item.category)") ?? []).filter { $0.kind == .file }.map(\.name))
            let checked = links.filter { link in
                guard let path = Self.sitePath(of: link.destination, from: item.url), path.hasPrefix(item.url) else { return true }
                return !besideItem.contains(String(path.dropFirst(item.url.count)))
            }
            diagnostics += check(checked, pageURL: item.url, file: item.sourcePath, bodyLine: item.bodyLine)
        }
        return diagnostics
    }
}
