/// Where each row and number of statistics.yaml was written, so that a rule checked after parsing
/// can still name the line; and which rows could not be read, so that the sum rules do not pile
/// follow-up errors on a row that already has one.
struct StatisticsSourceMap: Sendable, Hashable {
    struct Location: Sendable, Hashable {
        var line: Int?
        var column: Int?
    }

    /// Keyed by path: `applications.withheld.third_party` for a row, `…third_party[6]` for its 7th number.
    private(set) var locations: [String: Location] = [:]
    /// Paths of rows that are missing or hold a number that could not be read.
    private(set) var unreadable: Set<String> = []
    /// Line of the whole file's top, used when nothing better is known.
    var fallbackLine: Int? = 1

    mutating func record(_ path: String, line: Int?, column: Int?) {
        locations[path] = Location(line: line, column: column)
    }

    mutating func markUnreadable(_ path: String) {
        unreadable.insert(path)
    }

    func location(_ path: String) -> Location {
        locations[path] ?? Location(line: fallbackLine, column: nil)
    }

    /// The number's own position when it was recorded, otherwise its row's.
    func location(_ path: String, element: Int) -> Location {
        locations["\(path)[\(element)]"] ?? location(path)
    }

    func isReadable(_ path: String) -> Bool { !unreadable.contains(path) }

    // Paths of the rows, shared by the parser and the rules.
    static func path(_ row: ApplicationRow) -> String { "applications.\(row.key)" }
    static func path(_ row: CaseRow) -> String { "reconsideration_litigation.\(row.key)" }
    static func path(_ kind: DocumentKind) -> String { "proactive.\(kind.key)" }
    static func path(_ kind: DocumentKind, _ column: DocumentCountColumn) -> String { "proactive.\(kind.key).\(column.key)" }
}
