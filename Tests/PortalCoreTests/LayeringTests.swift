import Foundation
import XCTest

/// The folders of `Sources/PortalCore` are floors: each may use the ones below it and none above,
/// so no two folders reach each other (issue 19). The README's "Code layout" draws the same list.
///
/// Swift has no imports between the folders of one module, so the test reads the sources: every
/// top-level declaration belongs to its folder, and a folder *uses* another when its code (comments
/// and string literals left out) names one of that folder's declarations.
final class LayeringTests: XCTestCase {
    /// Bottom first.
    static let floors = [
        "Diagnostics",   // the bilingual Diagnostic and its printer
        "Support",       // generic tools: files (SiteFiles), dates, hashing, parallel map, XML text, pagination
        "YAML",          // typed YAML fields with lines, spelling, editors' YAML mistakes
        "Config",        // site.yaml
        "Markdown",      // the one place that calls cmark
        "Search",        // the search index from documents
        "Content",       // one content file: front matter, items, pages, 索引号, privacy scan
        "AnnualReport",  // annual reports: statistics.yaml, rules, national tables
        "Loading",       // the whole content/ tree into SiteContent
        "Statistics",    // counts computed from the content
        "Rendering",     // templates and each page's context
        "Authoring",     // portal new, portal init
        "Site",          // the build: plan, steps, output, cache, publishing
        "Preview",       // portal serve
    ]

    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PortalCore")

    func testEveryFolderIsAFloor() throws {
        let folders = try FolderUses.read(Self.sources).folders
        XCTAssertEqual(folders, Set(Self.floors),
                       "a folder of Sources/PortalCore that is not in LayeringTests.floors (or a floor without a folder): place it")
    }

    func testEachFolderUsesOnlyTheFloorsBelowIt() throws {
        let uses = try FolderUses.read(Self.sources)
        XCTAssertFalse(uses.uses.isEmpty, "the reading found no use at all: it is broken")
        let upward = uses.upward(floors: Self.floors)
        XCTAssertEqual(upward, [], "a folder uses one above it:\n" + upward.joined(separator: "\n"))
    }

    func testTheFoldersFormNoCircle() throws {
        XCTAssertEqual(try FolderUses.read(Self.sources).circles(), [])
    }

    /// A file over 400 lines holds more than one thing; name the parts and give each its file.
    func testNoSourceFileIsOverFourHundredLines() throws {
        let sources = Self.sources.deletingLastPathComponent()
        var checked = 0, long: [String] = []
        for case let path as String in FileManager.default.enumerator(atPath: sources.path)! where path.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0)
            if lines > 400 { long.append("\(path): \(lines) lines") }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 100, "the sources were not found")
        XCTAssertEqual(long, [])
    }

    /// The reading itself: a circle made on purpose is found, named, and breaks the floors.
    func testACircleIsFound() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("layering-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "Low/Tool.swift": "/// Uses High in a comment only: HighThing.\nstruct LowTool { let name = \"HighThing\" }\n",
            "Middle/Thing.swift": "public enum MiddleThing { static let tool = LowTool() }\nfunc middleHelper() {}\n",
            "High/Thing.swift": "final class HighThing { func go() { middleHelper() } }\n",
            "Middle/Back.swift": "extension MiddleThing {\n    static func back() -> HighThing { HighThing() }\n}\n",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let uses = try FolderUses.read(root)
        XCTAssertEqual(uses.folders, ["Low", "Middle", "High"])
        XCTAssertEqual(uses.uses["Low"] ?? [:], [:], "comments and strings are not uses")
        XCTAssertEqual(uses.circles(), [["High", "Middle"]])
        XCTAssertEqual(uses.upward(floors: ["Low", "Middle", "High"]), ["Middle → High: HighThing (Back.swift)"])
        XCTAssertEqual(uses.upward(floors: ["Low", "High", "Middle"]), ["High → Middle: middleHelper (Thing.swift)"])
    }
}

/// Which folder's declarations each folder's code names.
struct FolderUses {
    var folders: Set<String> = []
    /// Folder → used folder → the names it uses there, each with the file that does.
    var uses: [String: [String: Set<String>]] = [:]

    static func read(_ root: URL) throws -> FolderUses {
        var sources: [(folder: String, file: String, code: String)] = []
        let paths = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        for path in paths.sorted() where path.hasSuffix(".swift") {
            let components = path.split(separator: "/")
            guard components.count >= 2 else { continue }
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            sources.append((String(components[0]), String(components.last!), codeOnly(text)))
        }
        var owner: [String: String] = [:]
        for source in sources {
            for name in topLevelNames(source.code) where owner[name] == nil { owner[name] = source.folder }
        }
        var result = FolderUses()
        result.folders = Set(sources.map(\.folder))
        for source in sources {
            for name in identifiers(source.code) {
                guard let folder = owner[name], folder != source.folder else { continue }
                result.uses[source.folder, default: [:]][folder, default: []].insert("\(name) (\(source.file))")
            }
        }
        return result
    }

    /// Every use of a folder that is not below the user in `floors`, as "user → used: name (file)".
    func upward(floors: [String]) -> [String] {
        var found: [String] = []
        for (user, used) in uses {
            for (folder, names) in used where (floors.firstIndex(of: folder) ?? .max) >= (floors.firstIndex(of: user) ?? .max) {
                found += names.sorted().map { "\(user) → \(folder): \($0)" }
            }
        }
        return found.sorted()
    }

    /// The groups of folders that reach each other (strongly connected, more than one folder), each sorted.
    func circles() -> [[String]] {
        func reach(from start: String) -> Set<String> {
            var seen: Set<String> = [], stack = [start]
            while let folder = stack.popLast() {
                for next in uses[folder]?.keys ?? [:].keys where seen.insert(next).inserted { stack.append(next) }
            }
            return seen
        }
        let reachable = Dictionary(uniqueKeysWithValues: folders.map { ($0, reach(from: $0)) })
        var groups: Set<[String]> = []
        for folder in folders where reachable[folder]!.contains(folder) {
            groups.insert(folders.filter { reachable[folder]!.contains($0) && reachable[$0]!.contains(folder) }.sorted())
        }
        return groups.sorted { $0.joined() < $1.joined() }
    }

    /// The text with comments and string literals blanked out (interpolations too: a name in one is rare).
    static func codeOnly(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        func at(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "/" && at(1) == "/" {
                while index < scalars.count && scalars[index] != "\n" { index += 1 }
            } else if scalar == "/" && at(1) == "*" {
                var depth = 0
                repeat {
                    if scalars[index] == "/" && at(1) == "*" { depth += 1; index += 2 }
                    else if scalars[index] == "*" && at(1) == "/" { depth -= 1; index += 2 }
                    else { if scalars[index] == "\n" { out.append("\n") }; index += 1 }
                } while depth > 0 && index < scalars.count
            } else if scalar == "\"" {
                let triple = at(1) == "\"" && at(2) == "\""
                index += triple ? 3 : 1
                while index < scalars.count {
                    if scalars[index] == "\\" { index += 2; continue }
                    if triple ? (scalars[index] == "\"" && at(1) == "\"" && at(2) == "\"") : scalars[index] == "\"" {
                        index += triple ? 3 : 1
                        break
                    }
                    if scalars[index] == "\n" { out.append("\n") }
                    index += 1
                }
                out.append(" ")
            } else {
                out.append(scalar)
                index += 1
            }
        }
        return String(out)
    }

    /// Names declared at the top level (column 0): types, functions, constants and variables.
    static func topLevelNames(_ code: String) -> [String] {
        let keywords: Set<Substring> = ["struct", "class", "enum", "protocol", "actor", "typealias", "func", "let", "var"]
        let modifiers: Set<Substring> = ["public", "internal", "package", "private", "fileprivate", "final", "indirect",
                                         "nonisolated", "unsafe)", "set)", "static"]
        var names: [String] = []
        for line in code.split(separator: "\n") where line.first.map({ $0.isLetter || $0 == "@" }) ?? false {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "<" || $0 == ":" || $0 == "(" || $0 == "{" || $0 == "=" })
            var position = 0
            while position < words.count && (words[position].hasPrefix("@") || modifiers.contains(words[position])) { position += 1 }
            guard position + 1 < words.count, keywords.contains(words[position]) else { continue }
            names.append(String(words[position + 1]))
        }
        return names
    }

    static func identifiers(_ code: String) -> Set<String> {
        var found: Set<String> = [], current = ""
        for character in code {
            if character == "_" || character.isLetter || (character.isNumber && !current.isEmpty) {
                current.append(character)
            } else if !current.isEmpty {
                found.insert(current)
                current = ""
            }
        }
        if !current.isEmpty { found.insert(current) }
        return found
    }
}
