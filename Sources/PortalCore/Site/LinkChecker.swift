import Foundation

/// Finds body links to paths of this site that the build does not produce.
///
/// Links to other hosts (`https://…`, `mailto:` …) are left alone and never fetched. A link to a
/// page may be written with or without the trailing slash or `index.html`.
public struct LinkChecker: Sendable {
    /// Every URL path the build writes: `/meetings/x/`, `/meetings/x/list.pdf`, …
    public let producedPaths: Set<String>

    public init(producedPaths: Set<String>) {
        self.producedPaths = producedPaths
    }

    /// The site path a link points at, or nil when it leaves the site or only jumps within the page.
    public static func sitePath(of destination: String, from pageURL: String) -> String? {
        // Most destinations have nothing to trim: Foundation's trimming bridges each one to an
        // NSString, and every link of every page is checked on every build.
        let first = destination.utf8.first ?? 0, last = destination.utf8.last ?? 0
        let trimmed = first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
            ? destination : destination.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("//") { return nil }
        // The common case, a plain absolute path (`/plans/2021-02-01-plan/`), is its own site
        // path: no need for Foundation's URL resolution, which costs more than the check itself.
        if trimmed.hasPrefix("/"), !trimmed.utf8.contains(where: Self.needsResolving), !Self.mayHaveDotSegment(trimmed),
           !trimmed.hasSuffix("/."), !trimmed.hasSuffix("/..") {
            return trimmed
        }
        // Bytes first, as for the dot segments: `https` has no `/`, `?` or `#`, and Foundation is
        // asked only when the bytes have one.
        if let colon = trimmed.firstIndex(of: ":"),
           !trimmed[..<colon].utf8.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
            || !trimmed[..<colon].contains("/") && !trimmed[..<colon].contains("?") && !trimmed[..<colon].contains("#") {
            return nil // has a scheme: another host, mailto:, tel: …
        }
        guard let base = URL(string: "http://site.invalid\(pageURL)"),
              let resolved = URL(string: trimmed.addingPercentEncodingIfNeeded(), relativeTo: base)?.absoluteURL
        else { return trimmed }
        let path = resolved.path.removingPercentEncoding ?? resolved.path
        if path.isEmpty { return "/" }
        return resolved.absoluteString.hasSuffix("/") && !path.hasSuffix("/") ? path + "/" : path
    }

    /// Whether `path` holds `/./` or `/../`. Foundation's `contains` bridged every link to an
    /// NSString; the bytes answer for nearly all. No other character is canonically equivalent
    /// to `/` or `.`, so bytes without the sequences mean Foundation finds none; where the bytes
    /// have one, Foundation still decides (a combining mark after it makes another character).
    private static func mayHaveDotSegment(_ path: String) -> Bool {
        var previous: (UInt8, UInt8, UInt8) = (0, 0, 0)
        var found = false
        for byte in path.utf8 {
            // `/./` ends here, or `/../`.
            if byte == UInt8(ascii: "/"), previous.2 == UInt8(ascii: "."),
               previous.1 == UInt8(ascii: "/") || previous.1 == UInt8(ascii: ".") && previous.0 == UInt8(ascii: "/") {
                found = true
                break
            }
            previous = (previous.1, previous.2, byte)
        }
        return found && (path.contains("/./") || path.contains("/../"))
    }

    /// Bytes after which a path must go through URL resolution: escapes, queries, fragments,
    /// backslashes and spaces.
    private static func needsResolving(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "%") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
            || byte == UInt8(ascii: "\\") || byte <= 0x20
    }

    public func exists(_ path: String) -> Bool {
        if producedPaths.contains(path) { return true }
        if path.hasSuffix("/index.html") { return producedPaths.contains(String(path.dropLast("index.html".count))) }
        if !path.hasSuffix("/") { return producedPaths.contains(path + "/") }
        return false
    }

    /// Diagnostics for the links of one body.
    public func check(_ links: [MarkdownLink], pageURL: String, file: String, bodyLine: Int) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for link in links {
            guard let path = Self.sitePath(of: link.destination, from: pageURL), !exists(path) else { continue }
            let suggestion = Self.suggestion(for: path, among: producedPaths)
            diagnostics.append(Diagnostic(
                file: file, line: bodyLine + link.line - 1,
                zh: "链接“\(link.destination)”指向本站不存在的页面 \(path)",
                en: "the link “\(link.destination)” points to \(path), which this site does not have",
                hintZh: (suggestion.map { "是否应为 \($0)？（草稿、已过期或尚未发布的信息没有页面）" }
                    ?? "检查路径拼写；草稿、已过期或尚未发布的信息没有页面。")
                    + "图片和附件须放在 .md 文件旁边，文件名（含大小写和扩展名）须与正文中所写完全一致。",
                hintEn: (suggestion.map { "Did you mean \($0)? (drafts, expired and future items have no page)" }
                    ?? "Check the path; drafts, expired and future items have no page.")
                    + " Pictures and attachments must lie beside the .md file, named exactly as the body writes them (case and extension included)."))
        }
        return diagnostics
    }
}

private extension String {
    /// Chinese file names in links are fine for editors to write as they are.
    func addingPercentEncodingIfNeeded() -> String {
        if URL(string: self) != nil { return self }
        return addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed.union(.urlPathAllowed)) ?? self
    }
}
