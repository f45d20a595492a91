/// A message in the two languages the portal speaks to editors: Chinese first, then English.
public struct BilingualText: Sendable, Hashable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}

/// One problem an editor (or a template designer) can fix: where it is, what is wrong, how to fix it.
///
/// Every check in the engine reports through this one type, so that `build` and `check` print
/// everything the same way and can collect all problems of a run before stopping.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    /// Path relative to the site root (`content/meetings/x.md`), or nil for problems of the whole run.
    public var file: String?
    /// 1-based line, where known.
    public var line: Int?
    /// 1-based column, where known.
    public var column: Int?
    public var message: BilingualText
    public var hint: BilingualText?

    public init(
        _ severity: Severity = .error,
        file: String?,
        line: Int? = nil,
        column: Int? = nil,
        zh: String,
        en: String,
        hintZh: String? = nil,
        hintEn: String? = nil
    ) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = BilingualText(zh: zh, en: en)
        if let hintZh, let hintEn {
            self.hint = BilingualText(zh: hintZh, en: hintEn)
        } else {
            self.hint = nil
        }
    }

    public var isError: Bool { severity == .error }

    /// `content/x.md:3:5`, `content/x.md:3`, `content/x.md` or empty.
    public var location: String {
        guard let file else { return "" }
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    public var description: String { DiagnosticPrinter(useColor: false).format(self) }
}

/// Thrown when a run found errors; carries every diagnostic of the run, warnings included.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter(\.isError) }

    public var description: String {
        DiagnosticPrinter(useColor: false).report(diagnostics)
    }
}
