import Foundation

/// One HTTP response of the preview, independent of the server library that sends it.
public struct PreviewResponse: Sendable {
    public var status: Int
    /// Header names and values, in order.
    public var headers: [(name: String, value: String)]
    public var body: Data

    init(status: Int, contentType: String, body: Data, extraHeaders: [(String, String)] = []) {
        self.status = status
        // Every response is fresh: the preview changes under the browser's feet.
        headers = [("Content-Type", contentType), ("Cache-Control", "no-store")] + extraHeaders.map { (name: $0.0, value: $0.1) }
        self.body = body
    }

    static func text(_ status: Int, _ text: String) -> PreviewResponse {
        PreviewResponse(status: status, contentType: "text/plain; charset=utf-8", body: Data(text.utf8))
    }
}

/// Answers the preview's requests: the built site as nginx would serve it (`/x/` is
/// `/x/index.html`, `/x` redirects to `/x/`, a missing page is `/404.html` with status 404), with
/// `PreviewPage`'s additions in every HTML page, and the preview's own files under `/__portal/`.
public struct PreviewResponder: Sendable {
    public let site: PreviewSite

    public init(site: PreviewSite) {
        self.site = site
    }

    /// - Parameters:
    ///   - rawPath: the request target's path, still percent-encoded (`/meetings/%E4%BC%9A/`).
    ///   - query: the raw query string, kept on redirects.
    public func respond(method: String, rawPath: String, query: String = "") -> PreviewResponse {
        guard method == "GET" || method == "HEAD" else {
            return PreviewResponse(status: 405, contentType: "text/plain; charset=utf-8", body: Data("405 Method Not Allowed\n".utf8),
                                   extraHeaders: [("Allow", "GET, HEAD")])
        }
        let state = site.state
        switch rawPath {
        case PreviewAssets.versionPath:
            return .text(200, state.version)
        case PreviewAssets.reloadScriptPath:
            return PreviewResponse(status: 200, contentType: "text/javascript; charset=utf-8", body: Data(PreviewAssets.reloadScript.utf8))
        case PreviewAssets.stylesheetPath:
            return PreviewResponse(status: 200, contentType: "text/css; charset=utf-8", body: Data(PreviewAssets.stylesheet.utf8))
        case PreviewAssets.draftsPath:
            let body = (try? JSONSerialization.data(withJSONObject: state.draftURLs.sorted(), options: [.withoutEscapingSlashes])) ?? Data("[]".utf8)
            return PreviewResponse(status: 200, contentType: "application/json", body: body)
        default:
            break
        }

        guard state.hasSite else {
            let page = PreviewPage.placeholder(version: state.version, errors: state.errors)
            return PreviewResponse(status: 503, contentType: "text/html; charset=utf-8", body: Data(page.utf8))
        }
        guard var path = Self.decodedPath(rawPath) else { return .text(400, "400 Bad Request\n") }
        // A site under a path (`base_url: https://example.gov.cn/fgj/`) is served under it, as
        // deploy/nginx-location.conf does; the root and the path without its slash lead there,
        // so the address `portal serve` prints still opens the home page.
        let base = state.basePath
        if base != "/" {
            if path == "/" || path + "/" == base {
                return PreviewResponse(status: 302, contentType: "text/plain; charset=utf-8", body: Data(),
                                       extraHeaders: [("Location", base + (query.isEmpty ? "" : "?" + query))])
            }
            guard path.hasPrefix(base) else {
                return serve(site.output.appendingPathComponent("404.html"), urlPath: path, status: 404, state: state)
                    ?? .text(404, "404 Not Found\n")
            }
            path = "/" + path.dropFirst(base.count)
        }

        let file = site.output.appendingPathComponent(String(path.dropFirst()))
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                guard path.hasSuffix("/") else {
                    let location = rawPath + "/" + (query.isEmpty ? "" : "?" + query)
                    return PreviewResponse(status: 301, contentType: "text/plain; charset=utf-8", body: Data(),
                                           extraHeaders: [("Location", location)])
                }
                if let page = serve(file.appendingPathComponent("index.html"), urlPath: path, status: 200, state: state) {
                    return page
                }
            } else if let page = serve(file, urlPath: path, status: 200, state: state) {
                return page
            }
        }
        return serve(site.output.appendingPathComponent("404.html"), urlPath: path, status: 404, state: state)
            ?? .text(404, "404 Not Found\n")
    }

    /// A file of the built site, HTML with the preview's additions.
    private func serve(_ file: URL, urlPath: String, status: Int, state: PreviewSite.State) -> PreviewResponse? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let type = MediaType.of(fileName: file.lastPathComponent)
        guard type.hasPrefix("text/html") else { return PreviewResponse(status: status, contentType: type, body: data) }
        let html = PreviewPage.inject(into: String(decoding: data, as: UTF8.self), version: state.version,
                                      errors: state.errors, isDraft: status == 200 && state.draftURLs.contains(urlPath))
        return PreviewResponse(status: status, contentType: type, body: Data(html.utf8))
    }

    /// The percent-decoded path, or nil when it could leave the web root or is not a path at all:
    /// `.` and `..` segments, NUL bytes, backslashes, a path not starting with `/`.
    static func decodedPath(_ rawPath: String) -> String? {
        guard rawPath.hasPrefix("/"), let decoded = rawPath.removingPercentEncoding,
              !decoded.contains("\0"), !decoded.contains("\\")
        else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        return decoded
    }
}
