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

    /// A temporary folder holding `files` (path → text), removed after the test.
    private func tree(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("layering-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    /// The reading itself: a circle made on purpose is found, named, and breaks the floors.
    func testACircleIsFound() throws {
        let files = [
            "Low/Tool.swift": "/// Uses High in a comment only: HighThing.\nstruct LowTool { let name = \"HighThing\" }\n",
            "Middle/Thing.swift": "public enum MiddleThing { static let tool = LowTool() }\nfunc middleHelper() {}\n",
            "High/Thing.swift": "final class HighThing { func go() { middleHelper() } }\n",
            "Middle/Back.swift": "extension MiddleThing {\n    static func back() -> HighThing { HighThing() }\n}\n",
        ]
        let uses = try FolderUses.read(try tree(files))
        XCTAssertEqual(uses.folders, ["Low", "Middle", "High"])
        XCTAssertEqual(uses.uses["Low"] ?? [:], [:], "comments and strings are not uses")
        XCTAssertEqual(uses.circles(), [["High", "Middle"]])
        XCTAssertEqual(uses.upward(floors: ["Low", "Middle", "High"]), ["Middle → High: HighThing (Back.swift)"])
        XCTAssertEqual(uses.upward(floors: ["Low", "High", "Middle"]), ["High → Middle: middleHelper (Thing.swift)"])
    }

    /// A name used only inside a string's interpolation is a use; one inside a raw string, a
    /// multi-line string or an escaped parenthesis is not; a private top-level name is nobody's.
    func testInterpolationsCountAndPrivateNamesDoNot() throws {
        let files = [
            "Low/Tool.swift": "struct LowTool {}\nprivate func helper() {}\nfunc lowHelper() { helper() }\n",
            "Middle/Text.swift": ##"let middleText = "a \("x \(LowTool())")" + #"\(HighThing)"# + "\\(HighThing)""## + "\n",
            "Middle/Block.swift": "let middleBlock = \"\"\"\n  HighThing \\(\"nested\")\n  \"\"\"\n",
            "High/Thing.swift": "struct HighThing {}\nprivate func helper() {}\n",
        ]
        let uses = try FolderUses.read(try tree(files))
        XCTAssertEqual(uses.uses["Middle"]?["Low"], ["LowTool (Text.swift)"], "a use in a nested interpolation")
        XCTAssertNil(uses.uses["Middle"]?["High"], "raw strings, blocks and escapes hold no uses")
        XCTAssertNil(uses.uses["Low"], "a private helper of another folder is not the one used here")
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

    /// The text with comments and string literals blanked out; the code of a string's
    /// interpolations (`\\(…)`, in a raw string `\\#(…)`) is kept, since a use there is a use.
    static func codeOnly(_ text: String) -> String {
        var reader = CodeReader(scalars: Array(text.unicodeScalars))
        reader.code(untilClosingParenthesis: false)
        return String(reader.out)
    }

    /// Reads Swift text as code, string literals and comments (`codeOnly`).
    private struct CodeReader {
        let scalars: [Unicode.Scalar]
        var index = 0
        var out = String.UnicodeScalarView()

        func at(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }

        /// Code up to the end of the text, or to the parenthesis that closes an interpolation.
        mutating func code(untilClosingParenthesis: Bool) {
            var depth = 0
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "/" && at(1) == "/" {
                    while index < scalars.count && scalars[index] != "\n" { index += 1 }
                } else if scalar == "/" && at(1) == "*" {
                    blockComment()
                } else if scalar == "#" || scalar == "\"" {
                    var hashes = 0
                    while at(hashes) == "#" { hashes += 1 }
                    guard at(hashes) == "\"" else {
                        out.append(scalar)
                        index += 1
                        continue
                    }
                    index += hashes
                    string(hashes: hashes)
                    out.append(" ")
                } else {
                    if untilClosingParenthesis {
                        if scalar == "(" { depth += 1 }
                        if scalar == ")" {
                            if depth == 0 { index += 1; return }
                            depth -= 1
                        }
                    }
                    out.append(scalar)
                    index += 1
                }
            }
        }

        mutating func blockComment() {
            var depth = 0
            repeat {
                if scalars[index] == "/" && at(1) == "*" { depth += 1; index += 2 }
                else if scalars[index] == "*" && at(1) == "/" { depth -= 1; index += 2 }
                else { if scalars[index] == "\n" { out.append("\n") }; index += 1 }
            } while depth > 0 && index < scalars.count
        }

        /// A string literal from its opening quote (after `hashes` `#`s) past its closing one.
        mutating func string(hashes: Int) {
            let triple = at(1) == "\"" && at(2) == "\""
            index += triple ? 3 : 1
            func closes(_ reader: CodeReader) -> Bool {
                let quotes = triple ? 3 : 1
                for offset in 0..<quotes where reader.at(offset) != "\"" { return false }
                for offset in 0..<hashes where reader.at(quotes + offset) != "#" { return false }
                return true
            }
            while index < scalars.count {
                if closes(self) {
                    index += (triple ? 3 : 1) + hashes
                    return
                }
                if scalars[index] == "\\" {
                    var escapeHashes = 0
                    while at(1 + escapeHashes) == "#" { escapeHashes += 1 }
                    if escapeHashes == hashes {
                        index += 1 + hashes
                        if at(0) == "(" {
                            index += 1
                            out.append(" ")
                            code(untilClosingParenthesis: true)
                            out.append(" ")
                        } else {
                            index += 1   // the escaped character
                        }
                        continue
                    }
                }
                if scalars[index] == "\n" { out.append("\n") }
                index += 1
            }
        }
    }

    /// Names declared at the top level (column 0) that other files may use: types, functions,
    /// constants and variables.
    static func topLevelNames(_ code: String) -> [String] {
        let keywords: Set<Substring> = ["struct", "class", "enum", "protocol", "actor", "typealias", "func", "let", "var"]
        let modifiers: Set<Substring> = ["public", "internal", "package", "private", "fileprivate", "final", "indirect",
                                         "nonisolated", "unsafe)", "set)", "static"]
        var names: [String] = []
        for line in code.split(separator: "\n") where line.first.map({ $0.isLetter || $0 == "@" }) ?? false {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "<" || $0 == ":" || $0 == "(" || $0 == "{" || $0 == "=" })
            var position = 0
            while position < words.count && (words[position].hasPrefix("@") || modifiers.contains(words[position])) { position += 1 }
            // A private or fileprivate name cannot be used from another file, let alone folder.
            if words[..<position].contains(where: { $0 == "private" || $0 == "fileprivate" }) { continue }
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
