/// 索引号 held by more than one item file, loaded or in error (the reports' numbers are checked
/// against the items' where the whole content is loaded, `ContentLoader`).
enum DuplicateIndexNumbers {
    /// 索引号 must be unique across the whole site, drafts included: both files are named.
    static func among(_ items: [Item]) -> [Diagnostic] {
        // Positions, not items, are collected: copying every `Item` into groups cost a retain
        // and a release for each of its fields, and nearly every group has one member.
        // Nearly every number has the site's prefix (another is an error already): those are told
        // apart by year and serial alone, an integer that is cheaper to hash than the text.
        let sitePrefix = items.first?.indexNo.prefix
        var first: [Int: Int] = [:]
        first.reserveCapacity(items.count)
        var firstOther: [IndexNumber: Int] = [:]
        var groups: [IndexNumber: [Int]] = [:]
        for index in items.indices {
            let number = items[index].indexNo
            let earlier: Int?
            if number.prefix == sitePrefix, (0..<100_000).contains(number.serial) {
                // Five-digit serials: year and serial make one number.
                let key = number.year * 100_000 + number.serial
                earlier = first[key]
                if earlier == nil { first[key] = index }
            } else {
                earlier = firstOther[number]
                if earlier == nil { firstOther[number] = index }
            }
            if let earlier { groups[number, default: [earlier]].append(index) }
        }
        var diagnostics: [Diagnostic] = []
        for (number, group) in groups {
            let paths = group.map { items[$0].sourcePath }.sorted()
            for item in group.map({ items[$0] }) {
                diagnostics.append(diagnostic(number, file: item.sourcePath, line: item.indexNoLine, in: paths))
            }
        }
        return diagnostics
    }

    /// The one message for a 索引号 held by more than one file, said in each of `paths` (the
    /// loaded items' check and the check of items with errors both use it).
    static func diagnostic(_ number: IndexNumber, file: String, line: Int?, in paths: [String]) -> Diagnostic {
        let others = paths.filter { $0 != file }.joined(separator: ", ")
        return Diagnostic(
            file: file, line: line,
            zh: "索引号 \(number) 重复，另见：\(others)", en: "index number \(number) is used more than once; also in: \(others)",
            hintZh: "每条信息的索引号必须唯一；请改用本年度下一个未使用的流水号。",
            hintEn: "Each item needs its own index number; use the next free serial of the year.")
    }

    /// 索引号 shared between an item in error and any other item (in error or not). Two good items
    /// sharing one are told so by `among(_:)`: such a pair is not
    /// told again here, but an item in error sharing their number names them both.
    static func among(_ inError: [ItemInError], items: [Item]) -> [Diagnostic] {
        var groups: [IndexNumber: [(file: String, line: Int?, inError: Bool)]] = [:]
        for item in inError { if let number = item.indexNo { groups[number, default: []].append((item.sourcePath, item.indexNoLine, true)) } }
        guard !groups.isEmpty else { return [] }
        for item in items where groups[item.indexNo] != nil {
            groups[item.indexNo]!.append((item.sourcePath, item.indexNoLine, false))
        }
        var diagnostics: [Diagnostic] = []
        for (number, group) in groups.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            let goodOnes = group.filter { !$0.inError }.count
            let paths = group.map(\.file).sorted()
            for holder in group where holder.inError || goodOnes == 1 {
                diagnostics.append(diagnostic(number, file: holder.file, line: holder.line, in: paths))
            }
        }
        return diagnostics
    }
}
