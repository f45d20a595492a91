/// A generated table as data: rows of cells that the template turns into `<table>` markup, so that
/// a designer can restyle the national tables without touching Swift.
struct ReportTable {
    /// One `<th>` or `<td>`.
    struct Cell {
        enum Scope: String {
            case col, colgroup, row, rowgroup
        }

        var text: String
        var isHeader: Bool
        var scope: Scope?
        var rowSpan = 1
        var colSpan = 1
        var isNumeric = false
        var cssClass: String?

        /// A header cell (`<th scope=…>`).
        static func header(_ text: String, _ scope: Scope, rows: Int = 1, columns: Int = 1, cssClass: String? = nil) -> Cell {
            Cell(text: text, isHeader: true, scope: scope, rowSpan: rows, colSpan: columns, cssClass: cssClass)
        }

        /// A number (`<td class="num">`): counts in plain digits, fees as written.
        static func number(_ text: String) -> Cell {
            Cell(text: text, isHeader: false, scope: nil, isNumeric: true, cssClass: "num")
        }

        static func number(_ value: Int) -> Cell { number(String(value)) }

        /// A number, or an empty cell where a report kept as published left it blank (never 0).
        static func number(_ value: Int?) -> Cell { number(value.map(String.init) ?? "") }

        /// A plain data cell, e.g. the 勾稽关系 note in the corner of table 三.
        static func note(_ text: String, rows: Int = 1, columns: Int = 1, cssClass: String) -> Cell {
            Cell(text: text, isHeader: false, scope: nil, rowSpan: rows, colSpan: columns, cssClass: cssClass)
        }
    }

    /// Unique on the page; the scroll region and caption refer to it.
    var id: String
    var caption: String
    /// Modifier class, e.g. `report-table--applications`.
    var cssClass: String
    /// Wide tables scroll sideways inside a focusable region on narrow screens.
    var scrolls: Bool
    var headRows: [[Cell]]
    var bodyRows: [[Cell]]
}

/// One generated section of a report (二、三、四) with its tables.
struct ReportSection {
    var id: String
    var heading: String
    var tables: [ReportTable]
}
