import XCTest
@testable import PortalCore

/// The privacy scan reads site.yaml, the annual report's index.md and standalone pages too.
final class PrivacyScanSourcesTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("privacy-sources-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    private func append(_ text: String, to path: String) throws {
        let url = root.appendingPathComponent(path)
        let old = (try? Data(contentsOf: url)) ?? Data()
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (old + Data(text.utf8)).write(to: url)
    }

    private func lineCount(_ path: String) throws -> Int {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
    }

    func testAnnualReportIndexIsScanned() throws {
        try FileManager.default.removeItem(at: root)
        try FileManager.default.copyItem(at: ReportFixtures.site("busy"), to: root)
        let file = "content/annual-reports/2021/index.md"
        let line = try lineCount(file)
        try append("\n申请人张某某（身份证号 370305 19850112 123X）\n", to: file)
        let (_, diagnostics) = AnnualReportLoader.load(siteRoot: root, config: ReportFixtures.config)
        let found = diagnostics.filter { $0.message.en.contains("resident ID number") }
        XCTAssertEqual(found.map(\.location), ["\(file):\(line + 1):13"], "\(diagnostics)")
    }

    func testSiteConfigurationIsScanned() throws {
        let content = root.appendingPathComponent("content")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sites/small/content"), to: content)
        let line = try lineCount("content/site.yaml")
        try append("\n# 联系人 张某某 手机 +86 139 1234 5678\n", to: "content/site.yaml")
        let (_, diagnostics) = ContentLoader.load(siteRoot: root)
        let found = diagnostics.filter { $0.message.en.contains("mobile number") }
        XCTAssertEqual(found.map(\.location), ["content/site.yaml:\(line + 1):15"], "\(diagnostics)")
        XCTAssertEqual(found.first?.severity, .warning)
    }

    func testStandalonePagesAreScanned() throws {
        let content = root.appendingPathComponent("content")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sites/small/content"), to: content)
        try append("---\ntitle: 关于\n---\n联系人证件号 ３７０３０５１９８５０１１２１２３Ｘ\n", to: "content/pages/about.md")
        let (_, diagnostics) = ContentLoader.load(siteRoot: root)
        let found = diagnostics.filter { $0.message.en.contains("resident ID number") }
        XCTAssertEqual(found.map(\.location), ["content/pages/about.md:4:8"], "\(diagnostics)")
    }
}
