import Foundation

/// 政策解读 links (`interprets`), resolved where the build knows what is published on `--now`:
/// a 解读 page links 解读的文件, and the document's page lists its 相关解读, newest first.
enum Interpretations {
    /// The relations of the items at `shown` (indices into `items`), by index, and the problems:
    /// an `interprets` naming no item of the site, or (for an item published today) naming one
    /// that is not published today — the 解读 would point readers at a page that does not exist.
    /// - Parameter numbersInError: 索引号 of item files with errors (reported already): a 解读 of
    ///   one of them is not told that the number belongs to no item.
    static func resolve(_ items: [Item], shown: [Int], today: PlainDate,
                        numbersInError: Set<IndexNumber> = []) -> (relations: [Int: RelatedItems], problems: [Diagnostic]) {
        let interpreting = items.indices.filter { !items[$0].interprets.isEmpty }
        // Nearly every site has few or no 解读: nothing is built for one without them.
        guard !interpreting.isEmpty else { return ([:], []) }
        var byNumber: [IndexNumber: Int] = [:]
        for index in items.indices where byNumber[items[index].indexNo] == nil { byNumber[items[index].indexNo] = index }
        let isShown = Set(shown)
        var relations: [Int: RelatedItems] = [:]
        var problems: [Diagnostic] = []
        for index in interpreting {
            let item = items[index]
            let itemPublished = item.isPublished(on: today)
            for number in item.interprets {
                guard let target = byNumber[number] else {
                    if numbersInError.contains(number) { continue }
                    problems.append(Diagnostic(
                        file: item.sourcePath, line: item.interpretsLine,
                        zh: "`interprets`（解读的文件）写的索引号 \(number) 不属于本站任何一条信息",
                        en: "`interprets` names the index number \(number), which no item of this site has",
                        hintZh: "核对被解读文件的 index_no 并照抄；若那个文件本身有错误，请先改正它。",
                        hintEn: "Copy the interpreted document's index_no exactly; if that file has errors, fix them first."))
                    continue
                }
                let document = items[target]
                if itemPublished && !document.isPublished(on: today) {
                    let reason: (zh: String, en: String)
                    if document.draft {
                        reason = ("是草稿（draft: true）", "is a draft (draft: true)")
                    } else if document.date > today {
                        reason = ("发布日期 \(document.date.iso) 还没到", "is dated \(document.date.iso), still to come")
                    } else {
                        reason = ("已于 \(document.expires?.iso ?? "") 下线（expires）", "expired on \(document.expires?.iso ?? "") (expires)")
                    }
                    problems.append(Diagnostic(
                        file: item.sourcePath, line: item.interpretsLine,
                        zh: "`interprets` 解读的文件 \(document.sourcePath)（索引号 \(number)）在 \(today.iso) 不在网站上：它\(reason.zh)，而这篇解读已发布",
                        en: "`interprets` names \(document.sourcePath) (index number \(number)), which is not on the site on \(today.iso): it \(reason.en), while this 解读 is published",
                        hintZh: "先发布被解读的文件，或把这篇解读也设为草稿（draft: true）、推迟它的发布日期，或删去 interprets 这一行。",
                        hintEn: "Publish the interpreted document first, or make this 解读 a draft or date it later, or delete the interprets line."))
                    continue
                }
                // Links only between pages the site has (the preview's drafts included).
                guard isShown.contains(index), isShown.contains(target) else { continue }
                relations[index, default: RelatedItems()].interpreted.append(link(document))
                relations[target, default: RelatedItems()].interpretations.append(link(item))
            }
        }
        for index in relations.keys {
            relations[index]!.interpretations.sort { a, b in
                a.date != b.date ? a.date > b.date : a.url < b.url
            }
        }
        return (relations, problems)
    }

    private static func link(_ item: Item) -> ItemLink {
        ItemLink(title: item.title, url: item.url, date: item.date)
    }
}
