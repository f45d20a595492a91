import Foundation
@testable import PortalCore
import XCTest

/// `portal init`'s pieces: the templates carried in the binary, the generated site.yaml.
final class SiteScaffoldTests: XCTestCase {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The EmbedTemplates plugin regenerates the embedded copy at every build; this catches a
    /// plugin that missed a file or changed a byte.
    func testEmbeddedTemplatesEqualTheTemplatesFolderByteForByte() throws {
        let folder = Self.repositoryRoot.appendingPathComponent("templates").resolvingSymlinksInPath()
        var onDisk: [String: Data] = [:]
        let walker = try XCTUnwrap(FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]))
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let path = String(url.resolvingSymlinksInPath().path.dropFirst(folder.path.count + 1))
            onDisk[path] = try Data(contentsOf: url)
        }
        let embedded = Dictionary(uniqueKeysWithValues: SiteScaffold.templateFiles().map { ($0.path, $0.data) })
        XCTAssertEqual(Set(embedded.keys), Set(onDisk.keys),
                       "the embedded templates list other files than templates/: rebuild with swift build --build-tests or swift test: the EmbedTemplates plugin re-embeds templates/")
        for (path, data) in onDisk {
            XCTAssertEqual(embedded[path], data, "templates/\(path) differs from its embedded copy: rebuild with swift build --build-tests or swift test")
        }
        XCTAssertTrue(onDisk.keys.contains("layout.mustache") && onDisk.keys.contains("assets/favicon.svg")
                      && onDisk.keys.contains { $0.hasPrefix("partials/") }, "mustache files, partials and assets are all there")
    }

    func testGeneratedSiteYAMLLoadsWithAgencyNamesThatYAMLWouldMisread() throws {
        let agency = "某某局: 第#1处"
        let text = SiteScaffold.siteYAML(agency: agency, title: "标题 #2", baseURL: nil, indexPrefix: "11370322MB0000000A")
        guard case .success(let config) = SiteConfig.parse(text) else { return XCTFail("site.yaml does not load:\n\(text)") }
        XCTAssertEqual(config.agency, agency)
        XCTAssertEqual(config.title, "标题 #2")
        XCTAssertEqual(config.baseURL, SiteScaffold.placeholderBaseURL)
        XCTAssertEqual(config.categories, SiteScaffold.categories)
        XCTAssertEqual(config.indexPrefix, "11370322MB0000000A")
    }

    func testBaseURLIsNormalisedAndCheckedAndPrefixIsChecked() {
        XCTAssertEqual(try? SiteScaffold.normalisedBaseURL("https://www.example.gov.cn/fgj").get(), "https://www.example.gov.cn/fgj/")
        XCTAssertEqual(try? SiteScaffold.normalisedBaseURL("http://x.gov.cn/").get(), "http://x.gov.cn/")
        for bad in ["ftp://x.gov.cn/", "www.example.gov.cn", "https://", "https:///x", "https://a b/"] {
            XCTAssertNil(try? SiteScaffold.normalisedBaseURL(bad).get(), bad)
        }
        XCTAssertNil(SiteScaffold.indexPrefixProblem("11370322MB0000000A"))
        for bad in ["", "1137/0322", "1137 0322", "1137\t"] {
            XCTAssertNotNil(SiteScaffold.indexPrefixProblem(bad), bad)
        }
    }
}
