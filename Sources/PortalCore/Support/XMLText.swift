/// Text made safe for XML documents (the feed, the sitemap).
enum XMLText {
    /// Escapes the five XML special characters and drops characters that XML 1.0 does not allow
    /// at all (control characters other than tab and line breaks, U+FFFE, U+FFFF): a stray
    /// control character pasted into a title must not make the whole feed unreadable.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
