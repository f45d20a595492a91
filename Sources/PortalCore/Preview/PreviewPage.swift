import Foundation

/// What the preview adds to every HTML page it serves — never to the built files, which stay
/// exactly what `portal build` would publish (plus the drafts):
///
/// - the preview stylesheet, in `<head>`;
/// - while the latest rebuild failed, a banner with its errors at the top of `<body>`;
/// - on a draft's page, a 草稿 badge above its title;
/// - the reload script at the end of `<body>`, carrying the version the page was built at.
///
/// Only external files are added (no inline script or style), like the site itself.
enum PreviewPage {
    static let stylesheetTag = "<link rel=\"stylesheet\" href=\"\(PreviewAssets.stylesheetPath)\">"

    static func inject(into html: String, version: String, errors: [Diagnostic], isDraft: Bool) -> String {
        var html = html
        insert(stylesheetTag + "\n", into: &html, before: "</head>", fallback: .start)
        if isDraft {
            // Above the page's title when there is one, where the reader looks first.
            if let main = html.range(of: "<main", options: .caseInsensitive),
               let heading = html.range(of: "<h1", options: .caseInsensitive, range: main.upperBound..<html.endIndex) {
                html.insert(contentsOf: draftBadge + "\n", at: heading.lowerBound)
            } else {
                insertAfterBodyTag(draftBadge, into: &html)
            }
        }
        if !errors.isEmpty { insertAfterBodyTag(errorBanner(errors), into: &html) }
        insert(scriptTag(version: version) + "\n", into: &html, before: "</body>", fallback: .end)
        return html
    }

    /// The page served while no build has succeeded yet: the errors, and the script that reloads
    /// it once they are fixed.
    static func placeholder(version: String, errors: [Diagnostic]) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>预览 / Preview</title>
        \(stylesheetTag)
        </head>
        <body>
        \(errorBanner(errors, noSiteYet: true))
        \(scriptTag(version: version))
        </body>
        </html>

        """
    }

    static let draftBadge = "<p class=\"portal-preview-draft\" role=\"note\"><strong>草稿</strong> 这条信息是草稿（draft: true），只在预览中显示，portal build 不会发布。</p>"

    static func errorBanner(_ errors: [Diagnostic], noSiteYet: Bool = false) -> String {
        let headline = noSiteYet
            ? "网站还没有生成成功：请改正下列错误，保存后本页会自动刷新。 / The site has not built yet: fix the errors below; this page reloads when you save."
            : "预览没有更新：内容有错误，这里显示的是上一次生成成功的网站。改正并保存后会自动刷新。 / Preview not updated: the content has errors; this is the last site that built. It reloads when you save a fix."
        let report = DiagnosticPrinter(useColor: false).report(errors.filter(\.isError))
        return """
        <div class="portal-preview-errors" role="alert"><p class="portal-preview-errors__headline">\(escape(headline))</p><pre>\(escape(report))</pre></div>
        """
    }

    static func scriptTag(version: String) -> String {
        "<script src=\"\(PreviewAssets.reloadScriptPath)\" data-version=\"\(escape(version))\" defer></script>"
    }

    /// Escapes text for HTML element content and attribute values.
    static func escape(_ text: String) -> String { XMLText.escape(text) }

    private enum Fallback { case start, end }

    private static func insert(_ snippet: String, into html: inout String, before marker: String, fallback: Fallback) {
        if let range = html.range(of: marker, options: [.caseInsensitive, .backwards]) {
            html.insert(contentsOf: snippet, at: range.lowerBound)
        } else if fallback == .start {
            html.insert(contentsOf: snippet, at: html.startIndex)
        } else {
            html += snippet
        }
    }

    /// Right after the opening `<body …>` tag, or at the very start when there is none.
    private static func insertAfterBodyTag(_ snippet: String, into html: inout String) {
        if let open = html.range(of: "<body", options: .caseInsensitive),
           let close = html.range(of: ">", range: open.upperBound..<html.endIndex) {
            html.insert(contentsOf: "\n" + snippet, at: close.upperBound)
        } else {
            html.insert(contentsOf: snippet + "\n", at: html.startIndex)
        }
    }
}
