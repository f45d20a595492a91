import Foundation
import Yams

/// What is still known of an item file with errors, for the checks that do not need the whole
/// item: its 索引号 (duplicates) and its body (links). An editor fixing a wrong date should not
/// learn only in the next run that the file's 索引号 is another file's, or that its link is dead.
///
/// The item itself is not published (it has errors, so the build fails anyway). Its 索引号 is
/// known to the 解读 relations (a 解读 of it is not told the number is nobody's) but links no
/// page. Not kept for the statistics: an item without a valid date has no year or month to be
/// counted in, and counting some items in error but not others would mislead more than it helps.
public struct ItemInError: Sendable {
    public let sourcePath: String
    /// The category folder (`pages` for a standalone page): where its pictures and attachments lie.
    public let category: String
    public let slug: String
    /// The 索引号 as written, when it has the form of one (its prefix or year may be wrong:
    /// that is one of the file's errors, and another file may still hold the same number).
    public let indexNo: IndexNumber?
    public let indexNoLine: Int?
    /// Nil when the file cannot be split into front matter and body, or is not text.
    public let body: String?
    public let bodyLine: Int
    /// `draft: true`: a draft's links are not checked (it has no page even without errors).
    public let isDraft: Bool
    /// The attachments' file names, for the privacy scan (an attachment's ID numbers are found
    /// whatever else is wrong with the item), unless a reviewer approved them (`privacy_exception`).
    public let attachmentsToScan: [String]

    /// The page it would have: `/<category>/<slug>/`, or `/<slug>/` for a standalone page.
    public let url: String

    /// Reads again what the file's errors left readable. Runs for files with errors only.
    static func salvage(path: String, category: String, slug: String, url: String? = nil, files: SiteFiles) -> ItemInError {
        var split: FrontMatter?
        if case .bytes(let bytes) = files.read(path), case .success(let text) = SourceText.decode(Data(bytes), file: path),
           let decoded = Optional(text) {
            if case .success(let parts) = FrontMatter.split(decoded, file: path) { split = parts } else { split = FrontMatter.guessedSplit(decoded) }
        }
        var number: IndexNumber?
        var numberLine: Int?
        var isDraft = false
        var attachments: [String] = []
        if let split {
            // The YAML as `YAMLMistakes` repairs it: a full-width colon elsewhere hides no number.
            let reading = YAMLDocument.read(split.yaml, file: path, lineOffset: split.yamlLineOffset)
            if reading.readable, let mapping = reading.root?.mapping {
                isDraft = mapping.contains { $0.key.string == "draft" && YAMLFields.boolean($0.value.scalar?.string ?? "") == true }
                let approved = mapping.contains { $0.key.string == PrivacyScan.exceptionKey }
                let entries = mapping.first { $0.key.string == "attachments" }?.value.sequence.map(Array.init) ?? []
                // Only plain names: a path or an unsafe name is an error of its own, never opened.
                attachments = approved ? [] : entries.compactMap { $0.mapping?["file"]?.string }
                    .filter { FileNameRules.attachmentProblems(file: $0).isEmpty }
                for (key, value) in mapping where key.string == "index_no" {
                    guard let text = value.scalar?.string else { continue }
                    number = IndexNumber(YAMLFields.trimmingSpaces(text))
                    numberLine = key.mark.map { $0.line + split.yamlLineOffset }
                }
            }
        }
        return ItemInError(sourcePath: path, category: category, slug: slug, indexNo: number, indexNoLine: numberLine,
                           body: split?.body, bodyLine: split?.bodyLine ?? 1, isDraft: isDraft,
                           attachmentsToScan: attachments, url: url ?? URLLayout.item(category: category, slug: slug))
    }
}
