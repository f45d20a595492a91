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
                options.timings?.report("\(type(of: work.step)).deferred", since: workStarted)
            }
            let publishing = Date()
            options.progress?.begin(.publishing)
            let version = try atomic.publish(rendered.staging, freeBefore: rendered.freeBefore)
            rendered.cache.save(atomic, version: version)
            options.timings?.report("publish", since: publishing)
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
        options.timings?.report("load", since: started)
        guard let loaded = partial, !loadProblems.contains(where: \.isError) else {
            throw DiagnosticsError(loadProblems + renderProblems(partial, today: options.today, includeDrafts: options.includeDrafts))
        }

        let staging: URL
        do {
            staging = try atomic.makeStagingFolder()
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            throw DiagnosticsError([OutputProblem.diagnostic(error, output: options.output)])
        }
        let freeBefore = atomic.freeSpaceNow()
        let cache = BuildCache(atomic: atomic, staging: staging, readsPrevious: options.reusesUnchanged)
        do {
            let result = try render(loaded, today: options.today, includeDrafts: options.includeDrafts,
                                    into: OutputFolder(root: staging, writesGzipSiblings: true, cache: cache),
                                    progress: options.progress, timings: options.timings)
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
        if let code = OutputProblem.posixCode(of: error), code == ENOSPC || code == EDQUOT {
            atomic.pruneAfterRunningOutOfSpace()
        }
        return DiagnosticsError([OutputProblem.diagnostic(error, output: output)])
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
                       into output: OutputFolder, progress: BuildProgress? = nil,
                       timings: StepTimes? = nil) throws -> RenderResult {
        let preparing = Date()
        progress?.begin(.preparing)
        let plan = BuildPlan(site: site, today: today, includeDrafts: includeDrafts)
        let steps = BuildSteps.all
        let assets = try SiteAssets.write(from: site, into: output)
        let stylesheet = assets[SiteAssets.stylesheetKey]!
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

        timings?.report("prepare", since: preparing)
        var pageCount = 0
        var diagnostics = plan.interpretationProblems
        var deferred: [DeferredWork] = []
        for step in steps {
            let stepStarted = Date()
            progress?.begin(BuildSteps.label(of: step), total: BuildSteps.progressTotal(of: step, plan))
            let result = try step.run(context)
            timings?.report("\(type(of: step))", since: stepStarted)
            pageCount += result.pages
            diagnostics += result.diagnostics
            if let work = result.deferred { deferred.append(DeferredWork(step: step, run: work)) }
        }
        // Whatever else failed, the links of files in error are checked too: one run, all mistakes.
        diagnostics += context.linkChecker.check(itemsInError: plan.content.itemsInError, files: plan.content.files)
        return RenderResult(pageCount: pageCount, publishedItems: plan.published.count, diagnostics: diagnostics,
                            deferred: deferred)
    }

}
