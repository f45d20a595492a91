/// What a content parser reads front-matter keys through.
///
/// `YAMLFields` reads Yams' node tree and reports every problem with its line and column.
/// `LineMappingFields` reads the common simple front matter (`LineMapping`) without Yams and,
/// instead of reporting a problem, gives up: the caller then reads the file again through
/// `YAMLFields`, so that every message an editor sees is the same whichever reader ran first.
protocol FieldReading: AnyObject {
    var diagnostics: [Diagnostic] { get }
    func rejectUnknownKeys(allowed: [String], severity: Diagnostic.Severity)
    func string(_ key: String, required: Bool, example: String) -> String?
    func date(_ key: String, required: Bool) -> PlainDate?
    func bool(_ key: String) -> Bool?
    func stringList(_ key: String) -> [String]
    func lineOfKey(_ key: String) -> Int?
    func error(atKey key: String, zh: String, en: String, hintZh: String?, hintEn: String?)
    func warning(atKey key: String, zh: String, en: String, hintZh: String?, hintEn: String?)
}

extension YAMLFields: FieldReading {
    func error(atKey key: String, zh: String, en: String, hintZh: String?, hintEn: String?) {
        error(at: node(key), zh: zh, en: en, hintZh: hintZh, hintEn: hintEn)
    }

    func warning(atKey key: String, zh: String, en: String, hintZh: String?, hintEn: String?) {
        warning(at: node(key), zh: zh, en: en, hintZh: hintZh, hintEn: hintEn)
    }
}

/// The keys of a `LineMapping`, read with exactly the results `YAMLFields` gives for the same
/// text wherever it reports nothing; where it would report something, `gaveUp` is set instead.
final class LineMappingFields: FieldReading {
    private let mapping: LineMapping
    private let lineOffset: Int
    /// Something is wrong or unusual: read the file with `YAMLFields` for the messages.
    private(set) var gaveUp = false

    init(_ mapping: LineMapping, lineOffset: Int) {
        self.mapping = mapping
        self.lineOffset = lineOffset
    }

    /// Always empty: problems are not reported here (see `gaveUp`).
    var diagnostics: [Diagnostic] { [] }

    /// The value of `key` unless it is missing or YAML's null (a plain `~`, `null`, … or nothing).
    private func value(_ key: String) -> LineMapping.Value? {
        guard let value = mapping.entry(key)?.value else { return nil }
        if case .text(let text) = value, YAMLFields.isNullText(text) { return nil }
        return value
    }

    func rejectUnknownKeys(allowed: [String], severity: Diagnostic.Severity) {
        if mapping.entries.contains(where: { !allowed.contains($0.key) }) { gaveUp = true }
    }

    func string(_ key: String, required: Bool, example: String) -> String? {
        guard let value = value(key) else {
            if required { gaveUp = true }
            return nil
        }
        guard case .text(let raw) = value else {
            gaveUp = true
            return nil
        }
        let text = YAMLFields.trimmingSpaces(raw)
        if text.isEmpty {
            if required { gaveUp = true }
            return nil
        }
        return text
    }

    func date(_ key: String, required: Bool) -> PlainDate? {
        guard let text = string(key, required: required, example: "") else { return nil }
        if let date = PlainDate(iso: text) { return date }
        gaveUp = true
        return nil
    }

    func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        if case .text(let text) = value, let flag = YAMLFields.boolean(text) { return flag }
        gaveUp = true
        return nil
    }

    func stringList(_ key: String) -> [String] {
        switch value(key) {
        case nil: return []
        case .text(let text): return [text]
        case .list(let items):
            // Over the limit: `YAMLFields` says so.
            if items.count > YAMLBounds.maxListCount { gaveUp = true }
            return items
        }
    }

    func lineOfKey(_ key: String) -> Int? {
        mapping.entry(key).map { $0.line + lineOffset }
    }

    func error(atKey key: String, zh: String, en: String, hintZh: String?, hintEn: String?) {
        gaveUp = true
    }

    func warning(atKey key: String, zh: String, en: String, hintZh: String?, hintEn: String?) {
        gaveUp = true
    }
}
