import Foundation

/// The one shape of Markdown that the installed cmark (Debian's 0.30.2) takes quadratic time on,
/// found by a linear scan before cmark sees the body.
///
/// CVE-2023-22486 (fixed in cmark 0.30.3): when a link is formed, cmark deactivates the link
/// openers before it by walking back its stack of bracket openers, and it walks past every image
/// opener `![` still open in the paragraph. `![[]()` repeated leaves one more image opener open
/// at each link, so the walks add up to the square of the count: 75 KB took 1 s, 300 KB 8 s,
/// 600 KB over a minute. The scan keeps the same stack (per paragraph: the stack is cmark's per
/// block of inline text, and a blank line always ends one) and adds up the length of those walks;
/// it counts more than cmark does (a `]` is taken to form a link whether or not a destination
/// follows, and code spans are not skipped), so it never counts less.
///
/// Every other case of cmark's own pathological tests (nested emphasis, unclosed `[`, many `*`
/// and `_`, nested block quotes and lists, backticks, many link reference definitions, unclosed
/// `<!--`, `<?`, `<![CDATA[`, `a***b` …) is linear in 0.30.2 and takes well under a second at
/// 600 KB: `BoundedWorkTests` times each of them.
enum MarkdownShape {
    /// Steps of cmark's walks back over open image openers allowed in one paragraph. A real notice
    /// has no open `![` at all (an image is `![说明](图.png)`, closed at once); a million steps
    /// take cmark about 10 ms, and a thousand open `![` with a thousand links after them in one
    /// paragraph would still pass.
    static let maxWalkSteps = 1_000_000

    /// The 1-based line (of `bytes`) of the oldest image opener still open in the first paragraph
    /// that goes over `maxWalkSteps`, or nil when the body is safe to hand to cmark.
    static func quadraticRun(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        // Most bodies have no `![` at all, and then nothing to count: memchr finds that out far
        // faster than the loop below (every body is scanned when loaded and when rendered).
        guard hasImageOpener(bytes) else { return nil }
        // Lines of the open bracket openers of the current paragraph, negative for an image.
        var openers: [Int] = []
        var openImages = 0
        var steps = 0
        var line = 1
        var lineIsBlank = true
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case newline:
                if lineIsBlank {
                    openers.removeAll(keepingCapacity: true)
                    openImages = 0
                    steps = 0
                }
                line += 1
                lineIsBlank = true
            case space, tab, carriageReturn:
                break
            case backslash:
                lineIsBlank = false
                // An escaped bracket opens nothing; a backslash before a line break is a hard break.
                if index + 1 < count, bytes[index + 1] != newline { index += 1 }
            case exclamation:
                lineIsBlank = false
                if index + 1 < count, bytes[index + 1] == openBracket {
                    openers.append(-line)
                    openImages += 1
                    index += 1
                }
            case openBracket:
                lineIsBlank = false
                openers.append(line)
            case closeBracket:
                lineIsBlank = false
                guard let opener = openers.popLast() else { break }
                if opener < 0 {
                    openImages -= 1
                } else {
                    steps += openImages
                    if steps > maxWalkSteps { return openers.first { $0 < 0 }.map { -$0 } ?? line }
                }
            default:
                lineIsBlank = false
            }
            index += 1
        }
        return nil
    }

    private static func hasImageOpener(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var offset = 0
        while offset < bytes.count, let found = memchr(base + offset, Int32(exclamation), bytes.count - offset) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if index + 1 < bytes.count, base[index + 1] == openBracket { return true }
            offset = index + 1
        }
        return false
    }

    static func quadraticRun(in text: String) -> Int? {
        var text = text
        return text.withUTF8 { quadraticRun(in: $0) }
    }

    /// The refusal of a body with such a run, `bodyLine` being the file line the body starts on.
    static func diagnostic(runLine: Int, bodyLine: Int, file: String) -> Diagnostic {
        Diagnostic(
            file: file, line: bodyLine + runLine - 1,
            zh: "正文从这一行起有大量未闭合的图片标记“![”，后面又跟着许多链接，生成网页会极慢，因此拒绝处理",
            en: "from this line the body has a great many unclosed image openers “![” followed by many links, which would take the Markdown library a very long time; the body is refused",
            hintZh: "图片应写成 ![说明](图片文件名)，每个“![”都要有对应的“]”；如果“![”或“[”是文字，请在前面加“\\”，写成 \\![ 或 \\[。",
            hintEn: "Write an image as ![caption](file name), closing every “![” with “]”; where “![” or “[” is text, escape it as \\![ or \\[.")
    }

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let backslash = UInt8(ascii: "\\")
    private static let exclamation = UInt8(ascii: "!")
    private static let openBracket = UInt8(ascii: "[")
    private static let closeBracket = UInt8(ascii: "]")
}
