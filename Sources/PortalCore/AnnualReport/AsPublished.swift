/// `as_published: true`: a report already published is a record. Its numbers cannot be corrected
/// now, even where they break a rule, so the rules' failures become warnings for editors: still
/// named with file, line, row and column, so that they learn what does not add up, but never
/// stopping the build and never shown on the published page.
enum AsPublished {
    static func warnings(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            guard diagnostic.isError else { return diagnostic }
            var warning = diagnostic
            warning.severity = .warning
            let hint = diagnostic.hint ?? BilingualText(zh: "", en: "")
            warning.hint = BilingualText(
                zh: "本报告按原样公布（as_published: true），此处不合勾稽关系仅作提示，页面照原样显示。" + hint.zh,
                en: "This report is kept as published (as_published: true): the mismatch is reported, and the page shows the numbers as published. " + hint.en)
            return warning
        }
    }
}
