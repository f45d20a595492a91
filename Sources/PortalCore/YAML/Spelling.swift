import Foundation

/// "Did you mean …?" for misspelt keys: the allowed word with the smallest edit distance, when it is
/// close enough to be a plausible typo.
enum Spelling {
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = max(2, best.0.count / 3)
        return best.1 <= limit ? best.0 : nil
    }

    /// The key an editor means by a key written as the Chinese label the page shows (`索引号:`
    /// for `index_no:`), when that key is among `allowed`.
    static func keyForChineseLabel(_ word: String, among allowed: [String]) -> String? {
        let labels: [String: String] = [
            "标题": "title", "名称": "title", "日期": "date", "发布日期": "date", "索引号": "index_no",
            "发布机构": "publisher", "发文机关": "publisher", "文号": "doc_no", "发文字号": "doc_no",
            "成文日期": "written", "主题": "topics", "主题分类": "topics", "主题词": "topics", "关键词": "topics",
            "有效性": "validity", "下线日期": "expires", "截止日期": "expires", "草稿": "draft", "附件": "attachments",
            "解读": "interprets", "解读文件": "interprets", "导航": "nav", "排序": "order", "顺序": "order",
            "更新日期": "updated", "年份": "year", "年度": "year", "文件": "file",
        ]
        return labels[word.trimmingCharacters(in: .whitespaces)].flatMap { allowed.contains($0) ? $0 : nil }
    }

    /// The key of the entry `word` most likely means, where each entry has a key (a slug) and a
    /// name (Chinese): a name holding the word or held by it (通知 → 通知公告, 人事信息公开 →
    /// 人事信息), then a close spelling of a key or a name. Nil when several names hold the word
    /// equally: a guess between them would mislead.
    static func closestEntry(to word: String, among entries: [(key: String, name: String)]) -> String? {
        let word = word.trimmingCharacters(in: .whitespaces)
        guard !word.isEmpty else { return nil }
        let holding = entries.filter { $0.name.contains(word) || (word.count >= 2 && word.contains($0.name)) }
        if holding.count == 1 { return holding[0].key }
        if holding.count > 1 {
            // The shortest name holding the word is the closest, when it is the only one that short.
            let shortest = holding.map(\.name.count).min()!
            let best = holding.filter { $0.name.count == shortest }
            return best.count == 1 ? best[0].key : nil
        }
        if let key = closest(to: word, among: entries.map(\.key)) { return key }
        return closest(to: word, among: entries.map(\.name)).flatMap { name in entries.first { $0.name == name }?.key }
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
