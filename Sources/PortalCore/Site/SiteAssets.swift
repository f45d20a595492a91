import Foundation

/// The files of `templates/assets/`, published below `/assets/`.
enum SiteAssets {
    /// Copies `templates/assets/` to `/assets/`. Every `.css` file there is joined, in name order
    /// with `style.css` first, into one stylesheet named by a hash of its content, so a feature can
    /// keep its rules in a file of its own and readers still load one file. JS files are named by
    /// their hash too. Returns the URL path each file of templates/assets/ is published at (every
    /// CSS file, and `stylesheetKey`, at the joined stylesheet's).
    static func write(from site: SiteBuilder.LoadedSite, into output: OutputFolder) throws -> [String: String] {
        let files = site.content.files
        // Links and special files are left out here: `SiteFiles` reports them as errors.
        let names = (files.entries(of: "templates/assets") ?? [])
            .filter { $0.kind == .file && !$0.name.hasPrefix(".") }.map(\.name)
            .sorted { ($0 == "style.css" ? "" : $0) < ($1 == "style.css" ? "" : $1) }
        var stylesheet = Data()
        var published: [String: String] = [:]
        var cssNames: [String] = []
        var unreadable: [Diagnostic] = []
        for name in names {
            let data: Data
            switch files.read("templates/assets/\(name)") {
            case .bytes(let bytes): data = Data(bytes)
            case .missing: continue  // removed while the site was read
            case .failed(let problem):
                // Never a truncated stylesheet: an unreadable asset stops the build.
                unreadable.append(problem)
                continue
            }
            switch (name as NSString).pathExtension {
            case "css":
                stylesheet.append(data)
                if data.last != 10 { stylesheet.append(10) }
                cssNames.append(name)
            case "js":
                let path = "assets/\((name as NSString).deletingPathExtension).\(Fingerprint.hex(data)).js"
                try output.write(data, to: path)
                published[name] = "/" + path
            default:
                try output.write(data, to: "assets/\(name)")
                published[name] = URLLayout.asset(name)
            }
        }
        if !unreadable.isEmpty { throw DiagnosticsError(unreadable) }
        let path = "assets/style.\(Fingerprint.hex(stylesheet)).css"
        try output.write(stylesheet, to: path)
        for name in cssNames + [Self.stylesheetKey] { published[name] = "/" + path }
        return published
    }

    /// The key of the joined stylesheet in `write`'s result.
    static let stylesheetKey = "style.css"
}
