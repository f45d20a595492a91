import Yams

/// Parses a YAML text into a node tree, turning syntax errors into diagnostics with the line of the
/// file they are on (front matter starts below the opening `---`, hence `lineOffset`).
enum YAMLDocument {
    static func parse(_ text: String, file: String, lineOffset: Int = 0) -> Result<Node?, Diagnostic> {
        do {
            // Every value is read as text and typed by `YAMLFields`, so the scalars' tags are not
            // resolved (the default resolver runs a regular expression per scalar). The encoding
            // is named: Yams' default reads an environment variable on every call.
            return .success(try Yams.compose(yaml: text, .basic, .default, .utf8))
        } catch let error as YamlError {
            return .failure(syntaxDiagnostic(error, file: file, lineOffset: lineOffset))
        } catch {
            return .failure(Diagnostic(file: file, zh: "无法读取 YAML：\(error)", en: "cannot read YAML: \(error)"))
        }
    }

    private static func syntaxDiagnostic(_ error: YamlError, file: String, lineOffset: Int) -> Diagnostic {
        var mark: Mark?
        var problem = "\(error)"
        switch error {
        case .scanner(_, let p, let m, _), .parser(_, let p, let m, _), .composer(_, let p, let m, _):
            mark = m
            problem = p
        default:
            break
        }
        return Diagnostic(
            file: file,
            line: mark.map { $0.line + lineOffset },
            column: mark?.column,
            zh: "YAML 格式错误：\(problem)",
            en: "YAML syntax error: \(problem)",
            hintZh: "检查这一行及上一行：冒号后要有空格；含冒号、#、引号的值请用英文引号括起来；缩进只用空格，不用 Tab。",
            hintEn: "Check this line and the one above: a space after each colon; quote values that contain a colon, # or quotes; indent with spaces, never tabs."
        )
    }
}
