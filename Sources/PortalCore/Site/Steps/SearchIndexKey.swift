/// The incremental build's key of the search index (`BuildCache`): every document's key
/// (`SearchDocument.Source.key`: what it is made from), in result order, on top of the build's
/// salt (binary, templates, configuration).
extension SearchStep {
    static let indexFolder = URLLayout.relative(URLLayout.searchIndexes)

    static func indexKey(salt: UInt64, documentKeys: [UInt64]) -> UInt64 {
        var key = ContentHash(salt)
        key.combine("search")
        for documentKey in documentKeys { key.combine(documentKey) }
        return key.value
    }
}
