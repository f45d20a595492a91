import Foundation

/// Absolute URLs of the site's paths, for the feed, the sitemap and robots.txt, which readers and
/// crawlers fetch from elsewhere.
enum AbsoluteURL {
    /// `base_url` plus a site path: `https://rsj.linzi.gov.cn/` + `/meetings/x/`. Characters that
    /// may not appear in a URL (a Chinese file name, a space) are percent-encoded; the result still
    /// needs XML escaping.
    static func of(_ path: String, base: String) -> String {
        var root = base
        while root.hasSuffix("/") { root.removeLast() }
        let encoded = path.addingPercentEncoding(withAllowedCharacters: pathCharacters) ?? path
        return root + (encoded.hasPrefix("/") ? encoded : "/" + encoded)
    }

    /// RFC 3986 path characters, without `%` (so a literal percent sign is encoded) and without
    /// `;` `=` `&` `'` which some crawlers treat as separators.
    private static let pathCharacters: CharacterSet = {
        var set = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        set.insert(charactersIn: "-._~/!$()*+,:@")
        return set
    }()
}
