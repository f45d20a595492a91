import Foundation
import PackagePlugin

/// Carries the package's top-level `templates/` inside PortalCore, so that an installed `portal`
/// can `portal init` a site anywhere.
///
/// SwiftPM resources must live inside a target's folder, and `templates/` is the site's own folder
/// at the top of the repository; a build-tool plugin may read any file of the package. The plugin
/// runs at every build, so the list of input files — and with it the generated source — follows
/// whatever `templates/` holds then: an edited, added or removed template needs no extra step.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        return [.buildCommand(
            displayName: "Embedding templates/ into \(target.name)",
            executable: try context.tool(named: "EmbedTemplatesTool").url,
            arguments: [templates.path, output.path],
            inputFiles: [templates] + Self.files(below: templates),
            outputFiles: [output]
        )]
    }

    /// Every regular file below `folder`, hidden ones (editor swap files, .DS_Store) left out —
    /// the same rule as the tool's.
    private static func files(below folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        return walker.compactMap { $0 as? URL }.filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }
}
