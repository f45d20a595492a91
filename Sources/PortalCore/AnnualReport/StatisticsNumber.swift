import Foundation
import Yams

/// How a message names one number of statistics.yaml:
/// `withheld.third_party（三（三）4．保护第三方合法权益）的“商业企业”列`.
struct CellName: Sendable {
    let zh: String
    let en: String

    /// - Parameters:
    ///   - key: the row's YAML path (`withheld.third_party`).
    ///   - label: the row's Chinese label (`三（三）4．保护第三方合法权益`).
    ///   - column: the column's Chinese label (`商业企业`), when the row has several numbers.
    init(key: String, label: String, column: String? = nil) {
        self.init(row: "\(key)（\(label)）", column: column)
    }

    /// - Parameter row: the row as messages name it, `withheld.third_party（三（三）4．保护第三方合法权益）`.
    init(row: String, column: String?) {
        if let column {
            zh = "\(row)的“\(column)”列"
            en = "\(row), column \(column)"
        } else {
            zh = row
            en = row
        }
    }
}

/// Reads one number of the statistics tables: a count (a whole number ≥ 0, rules 5 and 8) or the
/// fee amount (a decimal number ≥ 0). A problem becomes a diagnostic that tells the editor to
/// write 0 or the whole number.
enum StatisticsNumber {
    enum Problem: Error, Equatable {
        case blank
        case negative(String)
        case fractional(String)
        case notANumber(String)
        case tooLarge(String)
        case notSingleValue
    }

    static func count(_ node: Node) -> Result<Int, Problem> {
        switch text(of: node) {
        case .failure(let problem): return .failure(problem)
        case .success(let text):
            if isDigits(text) {
                guard let value = Int(text), value <= 100_000_000 else { return .failure(.tooLarge(text)) }
                return .success(value)
            }
            return .failure(classify(text))
        }
    }

    static func fee(_ node: Node) -> Result<FeeAmount, Problem> {
        switch text(of: node) {
        case .failure(let problem): return .failure(problem)
        case .success(let text):
            if let amount = FeeAmount(text) { return .success(amount) }
            let problem = classify(text)
            // A fee may have decimals, so “fractional” is not the problem with it.
            if case .fractional = problem { return .failure(.notANumber(text)) }
            return .failure(problem)
        }
    }

    /// The diagnostic for a number that could not be read.
    static func diagnostic(_ problem: Problem, cell: CellName, isFee: Bool = false,
                           file: String, line: Int?, column: Int?) -> Diagnostic {
        let hintZh = isFee
            ? "填写本年收费金额（单位：万元），没有收费就填 0，例如 0 或 1.5。"
            : "件数只能是 0 或正整数：没有就填 0，有就填实际的整数件数（半角阿拉伯数字，如 12）。"
        let hintEn = isFee
            ? "Write the amount collected this year in 万元 (10,000 yuan); write 0 when nothing was collected, e.g. 0 or 1.5."
            : "A count is 0 or a whole number: write 0 when there were none, otherwise the whole number (ASCII digits, e.g. 12)."
        let zh: String, en: String
        switch problem {
        case .blank:
            zh = "\(cell.zh)未填写"
            en = "\(cell.en) is blank"
        case .negative(let text):
            zh = "\(cell.zh)是负数“\(text)”"
            en = "\(cell.en) is negative: “\(text)”"
        case .fractional(let text):
            zh = "\(cell.zh)“\(text)”不是整数"
            en = "\(cell.en): “\(text)” is not a whole number"
        case .notANumber(let text):
            zh = "\(cell.zh)“\(text)”不是数字"
            en = "\(cell.en): “\(text)” is not a number"
        case .tooLarge(let text):
            zh = "\(cell.zh)“\(text)”过大，请核对"
            en = "\(cell.en): “\(text)” is implausibly large"
        case .notSingleValue:
            zh = "\(cell.zh)应为一个数字"
            en = "\(cell.en) must be a single number"
        }
        return Diagnostic(file: file, line: line, column: column, zh: zh, en: en, hintZh: hintZh, hintEn: hintEn)
    }

    private static func text(of node: Node) -> Result<String, Problem> {
        guard let scalar = node.scalar else { return .failure(.notSingleValue) }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || (scalar.style == .plain && ["~", "null", "Null", "NULL"].contains(text)) {
            return .failure(.blank)
        }
        return .success(text)
    }

    private static func classify(_ text: String) -> Problem {
        var unsigned = Substring(text)
        let negative = unsigned.hasPrefix("-")
        if negative { unsigned = unsigned.dropFirst() }
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        let numeric = (1...2).contains(parts.count) && parts.allSatisfy { isDigits(String($0)) }
        guard numeric else { return .notANumber(text) }
        if negative { return .negative(text) }
        return .fractional(text)
    }

    private static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
