import Foundation
import Yams

/// Table 二 of the 2021 format (国办公开办函〔2021〕30号).
extension StatisticsReader {
    // MARK: 二、主动公开政府信息情况

    static let proactiveKeys = DocumentKind.allCases.map(\.key) + DecisionKind.allCases.map(\.key) + ["fees"]

    func readProactive() -> ProactiveDisclosure {
        guard let fields = section("proactive", label: "二、主动公开政府信息情况", example: """
            proactive:
              regulations:         { issued: 0, repealed: 0, in_force: 0 }
              normative_documents: { issued: 0, repealed: 0, in_force: 0 }
              licensing: 0
              penalties: 0
              coercive_measures: 0
              fees: 0
            """)
        else {
            DocumentKind.allCases.forEach { sourceMap.markUnreadable(StatisticsSourceMap.path($0)) }
            return ProactiveDisclosure(regulations: .zero, normativeDocuments: .zero, licensing: 0, penalties: 0,
                                       coerciveMeasures: 0, fees: .zero)
        }
        fields.rejectUnknownKeys(allowed: Self.proactiveKeys)

        var documents: [DocumentKind: DocumentCounts] = [:]
        for kind in DocumentKind.allCases {
            documents[kind] = readDocumentCounts(kind, in: fields)
        }
        var decisions: [DecisionKind: Int] = [:]
        for kind in DecisionKind.allCases {
            let cell = CellName(key: kind.key, label: "\(kind.label) 本年处理决定数量")
            decisions[kind] = readCount(fields, key: kind.key, cell: cell, path: "proactive.\(kind.key)",
                                        example: "\(kind.key): 0", blankAllowed: true)
        }
        let fees = readFees(fields)
        var proactive = ProactiveDisclosure(regulations: documents[.regulations]!, normativeDocuments: documents[.normativeDocuments]!,
                                            licensing: decisions[.licensing]!, penalties: decisions[.penalties]!,
                                            coerciveMeasures: decisions[.coerciveMeasures]!, fees: fees)
        proactive.blanks = blankPaths
        return proactive
    }

    func readDocumentCounts(_ kind: DocumentKind, in parent: YAMLFields) -> DocumentCounts {
        let path = StatisticsSourceMap.path(kind)
        let example = "\(kind.key): { issued: 0, repealed: 0, in_force: 0 }"
        sourceMap.record(path, line: parent.lineOfKey(kind.key) ?? parent.mappingLine, column: nil)
        guard let node = parent.node(kind.key), !parent.isNull(node) else {
            sourceMap.markUnreadable(path)
            ownDiagnostics.append(Diagnostic(
                file: file, line: parent.lineOfKey(kind.key) ?? parent.mappingLine,
                zh: "缺少 \(kind.key)（第二十条第（一）项·\(kind.label)）这一行",
                en: "the row \(kind.key) (第二十条第（一）项·\(kind.label)) is missing or blank",
                hintZh: "每一行都要填写，没有就写 0：\(example)", hintEn: "Every row must be written; zeros are fine: \(example)"))
            return .zero
        }
        guard let mapping = node.mapping else {
            sourceMap.markUnreadable(path)
            parent.error(at: node, zh: "\(kind.key)（\(kind.label)）应写成本年制发、本年废止、现行有效三个件数",
                         en: "\(kind.key) (\(kind.label)) must give the three counts issued, repealed and in force",
                         hintZh: "写成 \(example)", hintEn: "Write it as \(example)")
            return .zero
        }
        let fields = YAMLFields(mapping: mapping, file: file, lineOffset: 0)
        fieldSets.append(fields)
        fields.rejectUnknownKeys(allowed: DocumentCountColumn.allCases.map(\.key))
        var values: [DocumentCountColumn: Int] = [:]
        for column in DocumentCountColumn.allCases {
            let cell = CellName(key: kind.key, label: kind.label, column: column.label)
            let before = sourceMap.unreadable.count
            values[column] = readCount(fields, key: column.key, cell: cell,
                                       path: StatisticsSourceMap.path(kind, column), example: example, blankAllowed: true)
            if sourceMap.unreadable.count != before { sourceMap.markUnreadable(path) }
        }
        return DocumentCounts(issued: values[.issued]!, repealed: values[.repealed]!, inForce: values[.inForce]!)
    }
}
