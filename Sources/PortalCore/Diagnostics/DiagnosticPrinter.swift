/// Turns diagnostics into the text an editor reads in the terminal.
///
/// Problems are grouped by file (files in path order, problems in line order) and followed by a
/// one-line summary, so that a run with twenty mistakes reads as one list to work through.
public struct DiagnosticPrinter: Sendable {
    public var useColor: Bool

    public init(useColor: Bool) {
        self.useColor = useColor
    }

    public func format(_ diagnostic: Diagnostic) -> String {
        let label: String
        switch diagnostic.severity {
        case .error: label = paint("错误 error", code: "1;31")
        case .warning: label = paint("警告 warning", code: "1;33")
        }
        let location = Self.printable(diagnostic.location)
        var lines = ["\(location.isEmpty ? "" : paint(location, code: "1") + ": ")\(label): \(diagnostic.message.zh)"]
        lines.append("    \(diagnostic.message.en)")
        if let hint = diagnostic.hint {
            lines.append("    " + paint("提示 hint", code: "36") + ": \(hint.zh)")
            lines.append("    \(hint.en)")
        }
        return lines.joined(separator: "\n")
    }

    /// Every diagnostic, grouped by file, then the summary line.
    public func report(_ diagnostics: [Diagnostic]) -> String {
        let sorted = Self.sorted(diagnostics)
        var out: [String] = []
        var currentFile: String?? = .none
        for diagnostic in sorted {
            if currentFile != .some(diagnostic.file) {
                currentFile = .some(diagnostic.file)
                out.append("")
                out.append(paint("== \(diagnostic.file.map(Self.printable) ?? "(site)")", code: "1"))
            }
            out.append(format(diagnostic))
        }
        out.append("")
        out.append(summary(diagnostics))
        return out.joined(separator: "\n")
    }

    public func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter(\.isError).count
        let warnings = diagnostics.count - errors
        let files = Set(diagnostics.compactMap(\.file)).count
        return "共 \(errors) 个错误、\(warnings) 个警告，涉及 \(files) 个文件。"
            + " / \(errors) error(s), \(warnings) warning(s) in \(files) file(s)."
    }

    /// Stable order: by file path, then line, then column, then message.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { a, b in
            let fa = a.file ?? "", fb = b.file ?? ""
            if fa != fb { return fa < fb }
            let la = a.line ?? 0, lb = b.line ?? 0
            if la != lb { return la < lb }
            let ca = a.column ?? 0, cb = b.column ?? 0
            if ca != cb { return ca < cb }
            return a.message.en < b.message.en
        }
    }

    /// A file name as the terminal can show it: a tab, a line break or an escape sequence in a
    /// name (all possible on disk) is written as `\t`, `\n`, `U+001B`, so that it cannot break the
    /// report's lines or colour the terminal, and the editor sees what is wrong with the name.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": shown += "\\t"
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case _ where isControl(scalar): shown += codePoint(scalar)
            default: shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// `U+001B`: how a character that cannot be shown is named in a message.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// C0 controls (tab, CR, LF, …), DEL and the C1 controls.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private func paint(_ text: String, code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
