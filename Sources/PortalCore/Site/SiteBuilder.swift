import Foundation
import Synchronization

/// The build pipeline: load and validate everything → render every page into a staging folder →
/// swap it in. Nothing is published unless the whole run is free of errors; all errors of the run
/// are reported together.
public enum SiteBuilder {
    /// Everything a build needs, loaded and validated.
    public struct LoadedSite: Sendable {
        public let content: SiteContent
        public let templates: TemplateRenderer
    }

    /// Loads content and templates; the diagnostics hold every problem found (errors and warnings).
    /// The site is nil when there is any error.
    public static func load(_ options: BuildOptions) -> (LoadedSite?, [Diagnostic]) {
        let (site, diagnostics) = loadPartially(options)
        return (diagnostics.contains(where: \.isError) ? nil : site, diagnostics)
    }

    /// Like `load`, but returns whatever could be loaded even when some files have errors, so that
    /// the rest can still be checked (broken links, …) and every problem reported in one run.
    static func loadPartially(_ options: BuildOptions) -> (LoadedSite?, [Diagnostic]) {
        // One walk of content/ and templates/ for everything the build reads (see `SiteFiles`).
        let files = SiteFiles(siteRoot: options.siteRoot)
        let (content, contentProblems) = ContentLoader.load(files: files)
        var diagnostics = contentProblems
        var templates: TemplateRenderer?
        switch TemplateRenderer.load(files: files) {
        case .success(let renderer): templates = renderer
        case .failure(let error): diagnostics += error.diagnostics
        }
        guard let content, let templates else { return (nil, diagnostics) }
        return (LoadedSite(content: content, templates: templates), diagnostics)
    }

    /// Builds the site into `options.output`. Throws `DiagnosticsError` with every problem when the
    /// content is invalid; the output is then left exactly as it was.
    @discardableResult
    public static func build(_ options: BuildOptions) throws -> BuildSummary {
        let started = Date()
        // The output is checked first: a refused output (a folder with someone's files, the site
        // root, content/) costs nothing and nothing is moved or created.
        let atomic = AtomicOutput(output: options.output, siteRoot: options.siteRoot)
        try atomic.verify()
        // The content is let go of when `loadAndRender` returns: the work the steps left for
        // after (the search index, the build's peak of memory) runs without it.
        let rendered = try loadAndRender(options, atomic: atomic, started: started)
        do {
            for work in rendered.deferred {
                let workStarted = Date()
                options.progress?.begin(BuildSteps.label(of: work.step))
                try work.run()
                StepTimes.report("\(type(of: work.step)).deferred", since: workStarted)
            }
            let publishing = Date()
            options.progress?.begin(.publishing)
            let version = try atomic.publish(rendered.staging, freeBefore: rendered.freeBefore)
            rendered.cache.save(atomic, version: version)
            StepTimes.report("publish", since: publishing)
            var summary = BuildSummary(pageCount: rendered.pageCount, publishedItems: rendered.publishedItems,
                                       warnings: rendered.diagnostics, seconds: Date().timeIntervalSince(started))
            summary.reusedFiles = rendered.cache.reused
            summary.basePath = rendered.basePath
            summary.draftURLs = rendered.draftURLs
            return summary
        } catch {
            throw failure(error, discarding: rendered.staging, atomic: atomic, output: options.output)
        }
    }

    /// What the steps made, in the staging folder, and what they left for after the content is
    /// let go of (`StepResult.deferred`).
    private struct Rendered {
        let staging: URL
        let freeBefore: UInt64?
        let cache: BuildCache
        let pageCount: Int
        let publishedItems: Int
        let diagnostics: [Diagnostic]
        let basePath: String
        /// The drafts shown (`--drafts`, the preview); none otherwise.
        let draftURLs: Set<String>
        let deferred: [DeferredWork]
    }

    /// Loads the site, checks it and runs the steps into a new staging folder; throws with every
    /// problem (nothing staged is left) when there is an error.
    private static func loadAndRender(_ options: BuildOptions, atomic: AtomicOutput, started: Date) throws -> Rendered {
        options.progress?.begin(.loading)
        let (partial, loadProblems) = loadPartially(options)
        StepTimes.report("load", since: started)
        guard let loaded = partial, !loadProblems.contains(where: \.isError) else {
            throw DiagnosticsError(loadProblems + renderProblems(partial, today: options.today, includeDrafts: options.includeDrafts))
        }

        let staging: URL
        do {
            staging = try atomic.makeStagingFolder()
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            throw DiagnosticsError([outputProblem(error, output: options.output)])
        }
        let freeBefore = atomic.freeSpaceNow()
        let cache = BuildCache(atomic: atomic, staging: staging, readsPrevious: options.reusesUnchanged)
        do {
            let result = try render(loaded, today: options.today, includeDrafts: options.includeDrafts,
                                    into: OutputFolder(root: staging, writesGzipSiblings: true, cache: cache),
                                    progress: options.progress)
            let diagnostics = loadProblems + result.diagnostics
            if diagnostics.contains(where: \.isError) { throw DiagnosticsError(diagnostics) }
            let draftURLs = options.includeDrafts
                ? Set(loaded.content.items.filter { $0.draft && BuildPlan.shows($0, on: options.today, includeDrafts: true) }.map(\.url))
                : []
            return Rendered(staging: staging, freeBefore: freeBefore, cache: cache, pageCount: result.pageCount,
                            publishedItems: result.publishedItems, diagnostics: diagnostics,
                            basePath: loaded.content.config.basePath, draftURLs: draftURLs, deferred: result.deferred)
        } catch {
            throw failure(error, discarding: staging, atomic: atomic, output: options.output)
        }
    }

    /// The error a failed build throws, once the staging folder is discarded: the problems as
    /// they are, anything else as a problem with the output.
    private static func failure(_ error: Error, discarding staging: URL, atomic: AtomicOutput, output: URL) -> Error {
        atomic.discard(staging)
        if error is DiagnosticsError { return error }
        // Out of space (a disk filled by versions): make room now, or every later build
        // fails the same way. The live version and the one before it stay.
        if let code = posixCode(of: error), code == ENOSPC || code == EDQUOT {
            atomic.pruneAfterRunningOutOfSpace()
        }
        return DiagnosticsError([outputProblem(error, output: output)])
    }

    /// The `errno` behind a file-system error, however it was wrapped.
    static func posixCode(of error: Error) -> Int32? {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? Error {
            return Int32((underlying as NSError).code)
        } else if nsError.domain == NSPOSIXErrorDomain {
            return Int32(nsError.code)
        } else if let posix = error as? POSIXError {
            return posix.code.rawValue
        }
        return nil
    }

    /// A file-system failure while writing the site (a full disk, a folder that is a file, no
    /// permission), said in words an editor or an admin can act on.
    static func outputProblem(_ error: Error, output: URL) -> Diagnostic {
        let code = posixCode(of: error)
        let english = code.map { String(cString: strerror($0)) } ?? error.localizedDescription
        let chinese: String
        switch code {
        case ENOSPC?, EDQUOT?: chinese = "磁盘空间不足"
        case EACCES?, EPERM?: chinese = "没有写入这个目录的权限"
        case ENOTDIR?: chinese = "路径中有一级不是目录而是文件"
        case EROFS?: chinese = "磁盘是只读的"
        // Any other failure: still said in Chinese first, the system's own words after it.
        default: chinese = "文件系统报错（\(english)）"
        }
        return Diagnostic(
            file: nil,
            zh: "无法写入输出目录 \(output.path)：\(chinese)",
            en: "cannot write the output folder \(output.path): \(english)",
            hintZh: "原有网站未受影响。请检查磁盘空间和目录权限，或换一个输出目录（--output）；不清楚如何处理时，把这段信息发给网站的技术维护人员。",
            hintEn: "The published site is unchanged. Check the free disk space, the permissions, and that every parent of the path is a folder; or choose another folder with --output.")
    }

    /// Every validation `build` does, writing nothing: loads, then renders every page into an
    /// output that discards writes, so that broken links and template problems are found too.
    public static func check(_ options: BuildOptions) -> [Diagnostic] {
        let (partial, loadProblems) = loadPartially(options)
        return loadProblems + renderProblems(partial, today: options.today)
    }

    /// The problems found by rendering every page without writing anything (broken links,
    /// declared-versus-counted figures, …).
    private static func renderProblems(_ site: LoadedSite?, today: PlainDate, includeDrafts: Bool = false) -> [Diagnostic] {
        guard let site else { return [] }
        do {
            return try render(site, today: today, includeDrafts: includeDrafts, into: .discarding).diagnostics
        } catch let error as DiagnosticsError {
            return error.diagnostics
        } catch {
            return [Diagnostic(file: nil, zh: "检查失败：\(error)", en: "the check failed: \(error)")]
        }
    }

    /// What `render` did: the page count, the number of published items, the problems found
    /// while rendering (broken links), and the work the steps left for after (run it before
    /// publishing: the output is not complete without it).
    struct RenderResult {
        var pageCount: Int
        var publishedItems: Int
        var diagnostics: [Diagnostic]
        var deferred: [DeferredWork]
    }

    /// Renders every page into `output` by running the build steps (`BuildSteps.all`) in order.
    static func render(_ site: LoadedSite, today: PlainDate, includeDrafts: Bool = false,
                       into output: OutputFolder, progress: BuildProgress? = nil) throws -> RenderResult {
        let preparing = Date()
        progress?.begin(.preparing)
        let plan = BuildPlan(site: site, today: today, includeDrafts: includeDrafts)
        let steps = BuildSteps.all
        let assets = try writeAssets(from: site, into: output)
        let stylesheet = assets[stylesheetAsset]!
        let chrome = PageChrome(config: plan.config, stylesheet: stylesheet,
                                extraNavigation: steps.flatMap { $0.navigation(plan) })
            .prerendering(site.templates)

        // Every path the build will produce, for the link checker.
        // Items whose file has errors count as existing, so links to them are not reported twice.
        var produced: Set<String> = plan.content.failedItemURLs.union(plan.content.otherURLsInError).union([stylesheet])
        for step in steps { produced.formUnion(plan.producedPaths(of: step)) }
        let context = BuildContext(plan: plan, templates: site.templates.serving(under: plan.config.basePath), chrome: chrome, output: output,
                                   linkChecker: LinkChecker(producedPaths: produced), assets: assets,
                                   // Only a build with a cache uses keys (`check` and the preview have none).
                                   salt: output.cache == nil ? 0 : BuildCache.salt(site: site, chrome: chrome, includeDrafts: includeDrafts),
                                   progress: progress)

        StepTimes.report("prepare", since: preparing)
        var pageCount = 0
        var diagnostics = plan.interpretationProblems
        var deferred: [DeferredWork] = []
        for step in steps {
            let stepStarted = Date()
            progress?.begin(BuildSteps.label(of: step), total: BuildSteps.progressTotal(of: step, plan))
            let result = try step.run(context)
            StepTimes.report("\(type(of: step))", since: stepStarted)
            pageCount += result.pages
            diagnostics += result.diagnostics
            if let work = result.deferred { deferred.append(DeferredWork(step: step, run: work)) }
        }
        // Whatever else failed, the links of files in error are checked too: one run, all mistakes.
        diagnostics += context.linkChecker.check(itemsInError: plan.content.itemsInError, files: plan.content.files)
        return RenderResult(pageCount: pageCount, publishedItems: plan.published.count, diagnostics: diagnostics,
                            deferred: deferred)
    }

    /// Copies `templates/assets/` to `/assets/`. Every `.css` file there is joined, in name order
    /// with `style.css` first, into one stylesheet named by a hash of its content, so a feature can
    /// keep its rules in a file of its own and readers still load one file. JS files are named by
    /// their hash too. Returns the URL path each file of templates/assets/ is published at (every
    /// CSS file, and `stylesheetAsset`, at the joined stylesheet's).
    static func writeAssets(from site: LoadedSite, into output: OutputFolder) throws -> [String: String] {
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
                published[name] = "/assets/\(name)"
            }
        }
        if !unreadable.isEmpty { throw DiagnosticsError(unreadable) }
        let path = "assets/style.\(Fingerprint.hex(stylesheet)).css"
        try output.write(stylesheet, to: path)
        for name in cssNames + [stylesheetAsset] { published[name] = "/" + path }
        return published
    }

    /// The key of the joined stylesheet in `writeAssets`' result.
    static let stylesheetAsset = "style.css"
}

/// `PORTAL_TIMINGS=1 portal build …` prints the wall time of loading and of each build step on
/// standard error, with the process's peak memory so far: where a big site's build goes, for
/// whoever tunes it (bench/run reads the search step's line).
enum StepTimes {
    static let enabled = ProcessInfo.processInfo.environment["PORTAL_TIMINGS"] != nil

    /// CPU seconds of the process at the previous report: the steps run one after the other,
    /// so the difference is the step's, on all its threads.
    private static let lastCPU = Mutex<Double>(0)

    static func report(_ what: String, since start: Date) {
        guard enabled else { return }
        let cpu = cpuSeconds()
        let used = lastCPU.withLock { last in
            defer { last = cpu }
            return cpu - last
        }
        let peak = peakMemoryMB().map { String(format: ", peak %d MB", $0) } ?? ""
        FileHandle.standardError.write(Data(String(format: "%@ %.2f s (cpu %.2f s%@)\n", what, Date().timeIntervalSince(start), used, peak).utf8))
    }

    /// User and system CPU time of the whole process so far: on a busy machine a step's wall time
    /// says little, its CPU time stays put.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The peak resident set size so far (`VmHWM` of /proc/self/status), in MB; nil where there
    /// is no /proc. The peak, not the current size: a step's transient memory is what sets it.
    static func peakMemoryMB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes / 1024
    }
}
