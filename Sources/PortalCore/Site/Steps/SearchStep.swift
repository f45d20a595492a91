import Foundation

/// `/search/` and its static index below `/search/index/<version>/` (see `SearchIndexBuilder`).
///
/// The page works as a link (`/search/?q=…`); the search itself runs in the browser
/// (`templates/assets/search.js`), which fetches only the index files a query needs.
///
/// A page stays open across builds, and the folder it names is content-addressed, so a rebuild
/// that changes the index would leave it pointing at a folder the new version lacks. Two things
/// keep such a page working:
/// - each version also holds the live version's index folder (`carryLiveIndex`), hard-linked,
///   so a page opened before the swap keeps answering until the build after that one;
/// - `/search/current.json` names the current folder, and `search.js` reads it (once per query)
///   when an index file cannot be fetched, then retries there: that covers a page older still.
///
/// So a version has at most two index folders; a first build into an empty output has one,
/// which is why outputs are compared without the carried one (`TreeSnapshot.take`).
struct SearchStep: BuildStep {
    static let script = "search.js"

    func navigation(_ plan: BuildPlan) -> [PageChrome.Link] {
        [.init(name: "搜索", url: URLLayout.search)]
    }

    func producedPaths(_ plan: BuildPlan) -> Set<String> { [URLLayout.search] }

    func run(_ context: BuildContext) throws -> StepResult {
        guard let script = context.assets[Self.script] else {
            throw DiagnosticsError([Diagnostic(
                file: "templates/assets/\(Self.script)", zh: "缺少搜索脚本 templates/assets/\(Self.script)",
                en: "the search script templates/assets/\(Self.script) is missing",
                hintZh: "站内搜索页需要这个文件。请从 portal 源代码仓库的 templates/assets/search.js 复制到本站的同一位置，或请技术维护人员处理。",
                hintEn: "The search page needs this file. Copy templates/assets/search.js from the portal repository to the same place in this site, or ask whoever maintains the site.")])
        }
        if let problem = Self.outdatedScript(context.plan.content.files) { throw DiagnosticsError([problem]) }
        let output = context.output, chrome = context.chrome, templates = context.templates
        let sources = SearchDocument.Source.all(context.plan)
        let documentCount = sources.count
        /// `/search/`, naming the index folder; then `current.json`, and the live folder carried.
        @Sendable func finish(_ folder: String) throws {
            if !output.discardsWrites {
                try output.write(Self.currentJSON(folder), to: Self.currentPath, gzipSibling: false)
                if let cache = output.cache { Self.carryLiveIndex(except: folder, cache) }
            }
            let page = chrome.context(
                title: "搜索", section: URLLayout.search, breadcrumbs: [.init(name: "搜索", url: URLLayout.search)],
                page: ["search_script": script, "search_index": "/" + folder, "document_count": documentCount])
            try output.writePage(try templates.render("search", page), at: URLLayout.search)
        }
        // `portal check` writes nothing: the index cannot be wrong in a way an editor could fix,
        // so it is not built there (it is the larger part of a big site's build).
        if output.discardsWrites {
            try finish("search/index/check/")
            return StepResult(pages: 1)
        }
        switch try Self.writeIndex(sources, context) {
        case .written(let folder):
            try finish(folder)
            return StepResult(pages: 1)
        case .toBuild(let build):
            // Built once the build has let go of the items: only the documents' text goes along.
            return StepResult(pages: 1, deferred: { try finish(try build()) })
        }
    }

    /// The index folder, or the work that builds it and returns it.
    enum IndexWork {
        case written(String)
        case toBuild(@Sendable () throws -> String)
    }

    /// An error when the site's `search.js` reads another index format than this portal writes
    /// (`INDEX_FORMAT` against `SearchIndexBuilder.format`): a site keeps its own copy of the
    /// script, and after an upgrade of portal an old copy would show every reader 稍后再试. A
    /// script that names no format (the site's own) is left alone.
    static func outdatedScript(_ files: SiteFiles) -> Diagnostic? {
        let path = "templates/assets/\(script)"
        guard case .bytes(let bytes) = files.read(path) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let range = text.range(of: #"INDEX_FORMAT\s*=\s*[0-9]+"#, options: .regularExpression),
              let format = Int(text[range].split(separator: "=").last!.trimmingCharacters(in: .whitespaces)),
              format != SearchIndexBuilder.format
        else { return nil }
        return Diagnostic(
            file: path,
            zh: "搜索脚本 \(path) 是旧版本（读索引格式 \(format)），本版 portal 写出的是格式 \(SearchIndexBuilder.format)，发布后站内搜索将无法使用",
            en: "the search script \(path) is an old one (it reads index format \(format)); this portal writes format \(SearchIndexBuilder.format), so search would not work on the published site",
            hintZh: "升级 portal 后请同时更新这个文件：从 portal 源代码仓库复制 templates/assets/search.js 到本站的同一位置，覆盖旧文件，再重新生成；不清楚如何操作时，请网站的技术维护人员处理（信息内容本身没有问题）。",
            hintEn: "Update this file with portal: copy templates/assets/search.js from the portal repository over this site's copy, then build again; or ask whoever maintains the site (the content itself is fine).")
    }

    /// Names the current index folder, for a page whose folder is gone (`search.js` reads it
    /// then). A file of its own rather than `/search/` itself: 40 bytes instead of the page, and
    /// no HTML to parse in the script. Not a page, so not in the sitemap.
    static let currentPath = URLLayout.relative(URLLayout.searchCurrent)

    /// `{"index":"/search/index/<version>/"}`.
    static func currentJSON(_ folder: String) -> Data {
        Data("{\"index\":\"/\(folder)\"}\n".utf8)
    }

    /// The folder a `current.json` names (`search/index/<version>/`, relative), or nil when it
    /// names anything else: the name is joined to the live version's path, so it must stay below
    /// the index folder.
    static func folder(fromCurrent bytes: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let index = object["index"] as? String, index.hasPrefix("/" + indexFolder), index.hasSuffix("/") else { return nil }
        let version = index.dropFirst(indexFolder.count + 1).dropLast()
        guard !version.isEmpty, version.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return String(index.dropFirst())
    }

    /// Links the live version's index folder (the one the open pages name) into the new version,
    /// unless the new one is that same folder. Only the live version's own folder, not one it
    /// carried itself: at most two folders a version, and a page two builds old has the retry.
    /// A carry that fails costs nothing but the retry for those pages, so it does not fail the build.
    private static func carryLiveIndex(except current: String, _ cache: BuildCache) {
        guard let bytes = cache.liveFile(currentPath), let live = folder(fromCurrent: bytes), live != current else { return }
        _ = cache.carry(live)
    }

    /// Name of the search index's state beside each version (`BuildCache.keepState`).
    static let stateName = "search"

    /// Writes the index (or links it) and returns its folder; or, when it must be built, the work
    /// that builds it, holding its documents and nothing of the plan.
    ///
    /// The index is a function of the documents alone: when they are unchanged, the live
    /// version's index is linked; when a few changed, it is patched (`IndexPatch`: only the files
    /// they touch are written, the rest linked); otherwise it is built, with the file of every
    /// document the live index already has (same JSON, whatever its number) linked from there.
    ///
    /// Its files get no `.gz` sibling: the bulk of them, postings and documents, is binary that
    /// a sibling would not shrink (Rice-coded positions; documents stored compressed already,
    /// `RawDeflate`), and `.bin` is not among nginx's `gzip_types`; the one JSON file
    /// (`meta.json`, a few kilobytes) nginx compresses on the fly.
    private static func writeIndex(_ sources: [SearchDocument.Source], _ context: BuildContext) throws -> IndexWork {
        let output = context.output, cache = output.cache
        let keys = sources.map { $0.key(salt: context.salt) }
        let key = indexKey(salt: context.salt, documentKeys: keys)
        if let cache, let reused = cache.reuseFolder(prefix: indexFolder, key: key) {
            if let state = cache.previousState(stateName) { cache.keepState(stateName, state) }
            return .written(reused)
        }
        let builder = SearchIndexBuilder()
        // The live index's state and folder, read once: patched from, or its documents linked.
        let live: (state: SearchIndexState, folder: String)? = cache.flatMap { cache in
            guard let bytes = cache.previousState(stateName), let state = SearchIndexState(decoding: bytes),
                  cache.previousHas(indexFolder + state.version + "/") else { return nil }
            return (state, indexFolder + state.version + "/")
        }
        if let cache, let (state, old) = live {
            let patch = IndexPatch(builder: builder, previous: state, read: { cache.previousFile(old + $0) })
            if let result = patch.patch(keys: keys, document: { sources[$0].document(context.plan) }) {
                let folder = indexFolder + result.state.version + "/"
                // The unchanged files linked, then the changed ones written.
                if cache.linkFolder(old, to: folder, except: Set(result.files.map(\.path)), key: key) {
                    for file in result.files { try output.write(Data(file.bytes), to: folder + file.path, gzipSibling: false) }
                    cache.keepState(stateName, result.state.encoded)
                    return .written(folder)
                }
            }
        }
        // The live index's documents by the hash of their JSON, for the ones the new index keeps.
        var earlierDocuments: [String: String] = [:]
        if let (state, old) = live {
            for (index, hash) in state.documentHashes.enumerated() {
                earlierDocuments[hash] = old + SearchIndexBuilder.documentPath(index)
            }
        }
        let documents = Handover(parallelMap(sources) { $0.document(context.plan) })
        let earlier = earlierDocuments
        return .toBuild {
            let state = try builder.buildWithState(documents.take(), keys: keys, earlierDocuments: Set(earlier.keys)) { version in
                let folder = "\(indexFolder)\(version)/"
                return SearchIndexBuilder.Destination(
                    write: { path, bytes in try output.write(Data(bytes), to: folder + path, gzipSibling: false) },
                    linkDocument: { hash, path in
                        guard let cache, let from = earlier[hash] else { return false }
                        return cache.linkFromPrevious(from, to: folder + path)
                    })
            }
            let folder = "\(indexFolder)\(state.version)/"
            cache?.record(folder, key: key)
            cache?.keepState(stateName, state.encoded)
            return folder
        }
    }

    /// A value handed over once: the closure that holds it lets go of it when it is taken (the
    /// index builder frees the documents' text as soon as it has the corpus).
    private final class Handover<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value?
        init(_ value: Value) { self.value = value }
        func take() -> Value {
            lock.withLock {
                defer { value = nil }
                return value!
            }
        }
    }
}
