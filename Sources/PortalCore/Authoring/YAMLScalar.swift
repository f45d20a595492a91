/// How generated front matter writes a text value so that YAML reads back exactly that text.
///
/// Editors' titles contain what plain YAML misreads: an ASCII colon followed by a space is a
/// syntax error, ` #` silently starts a comment, a leading `[` or `*` means something else, and
/// words like `yes`/`no` turn into booleans. Double quotes avoid all of it.
enum YAMLScalar {
    /// `"…"` with `\` and `"` escaped and control characters written as escapes.
    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(repeating: "0", count: scalar.value < 0x10 ? 1 : 0) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The text as it is when plain YAML reads it back unchanged (typical Chinese names such as
    /// 临淄区人力资源和社会保障局); otherwise double-quoted.
    static func plainIfSafe(_ text: String) -> String {
        isSafePlain(text) ? text : doubleQuoted(text)
    }

    private static func isSafePlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first != " ", last != " " else { return false }
        // Indicators that change the meaning at the start of a plain scalar.
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return false }
        // Words YAML resolves to something other than a string (YAML 1.1 and 1.2 spellings).
        let lowered = text.lowercased()
        if ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"].contains(lowered) { return false }
        if Double(text) != nil || Int(text) != nil || PlainDate(iso: text) != nil { return false }
        return true
    }
}
