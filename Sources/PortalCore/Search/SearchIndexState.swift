import Foundation

/// What a search index was built from, beyond its own files: kept beside the published version
/// (`BuildCache`, never in the site) so that the next build can patch the index when a few
/// documents changed (`IndexPatch`) instead of building it from every document again.
///
/// The index files themselves hold the rest: the entries of every string (`p/`), the frequent
/// strings (`f/`), the documents (`d/`).
struct SearchIndexState: Equatable, Sendable {
    /// The index folder's name (`search/index/<version>/`).
    var version: String
    var threshold: Int
    var maxLength: Int
    /// `IndexWriter`'s size estimate, from which the number of `p/` shards follows.
    var estimate: Int
    /// Per document, in index order: the key its source had (so that the next build tells which
    /// documents changed without making them all again), the hash of its `d/` file, the
    /// positions it takes in the text and the length of its body tier.
    var documentKeys: [UInt64]
    var documentHashes: [String]
    var textLengths: [Int]
    var bodyLengths: [Int]
    /// The frequent strings in node order (`FrequentStrings`): parent node (−1: none), last
    /// scalar, occurrences.
    var frequentParent: [Int32]
    var frequentScalar: [UInt32]
    var frequentOccurrences: [Int]

    /// Derived from the lengths: the positions of the corpus text (`SearchCorpus.count`: a
    /// separator, then every document), from which the default threshold follows…
    var corpusCount: Int { 1 + textLengths.reduce(0, +) }
    /// …and the bits of a stored position (`SearchCorpus.positionBits`).
    var positionBits: Int { SearchCorpus.positionBits(longestBody: bodyLengths.max() ?? 0) }
    var postingShards: Int { IndexEncoding.shardCount(totalBytes: estimate, target: SearchIndexBuilder.postingShardTarget) }

    private static let magic = Array("portal search state 2\n".utf8)

    var encoded: [UInt8] {
        var bytes = Self.magic
        IndexEncoding.appendString(Array(version.utf8), to: &bytes)
        for value in [threshold, maxLength, estimate, documentKeys.count] {
            IndexEncoding.appendVarint(value, to: &bytes)
        }
        for index in documentKeys.indices {
            withUnsafeBytes(of: documentKeys[index].littleEndian) { bytes += $0 }
            IndexEncoding.appendString(Array(documentHashes[index].utf8), to: &bytes)
            IndexEncoding.appendVarint(textLengths[index], to: &bytes)
            IndexEncoding.appendVarint(bodyLengths[index], to: &bytes)
        }
        IndexEncoding.appendVarint(frequentParent.count, to: &bytes)
        for node in frequentParent.indices {
            IndexEncoding.appendVarint(Int(frequentParent[node]) + 1, to: &bytes)
            IndexEncoding.appendVarint(Int(frequentScalar[node]), to: &bytes)
            IndexEncoding.appendVarint(frequentOccurrences[node], to: &bytes)
        }
        return bytes
    }
}

extension SearchIndexState {
    // In an extension, so that the struct keeps its memberwise initializer.
    /// Nil for anything but a state this binary wrote whole.
    init?(decoding bytes: [UInt8]) {
        var reader = IndexReader(bytes)
        guard bytes.starts(with: Self.magic) else { return nil }
        reader.offset = Self.magic.count
        guard let version = reader.string(),
              let threshold = reader.varint(), let maxLength = reader.varint(),
              let estimate = reader.varint(),
              let documents = reader.varint(), documents <= bytes.count
        else { return nil }
        var documentKeys: [UInt64] = [], documentHashes: [String] = [], textLengths: [Int] = [], bodyLengths: [Int] = []
        for _ in 0..<documents {
            guard let key = reader.uint64(), let hash = reader.string(), let text = reader.varint(), let body = reader.varint()
            else { return nil }
            documentKeys.append(key)
            documentHashes.append(hash)
            textLengths.append(text)
            bodyLengths.append(body)
        }
        guard let nodes = reader.varint(), nodes <= bytes.count else { return nil }
        var frequentParent: [Int32] = [], frequentScalar: [UInt32] = [], frequentOccurrences: [Int] = []
        for node in 0..<nodes {
            guard let parent = reader.varint(), parent <= node, let scalar = reader.varint(), scalar <= 0x10FFFF,
                  let occurrences = reader.varint()
            else { return nil }
            frequentParent.append(Int32(parent) - 1)
            frequentScalar.append(UInt32(scalar))
            frequentOccurrences.append(occurrences)
        }
        guard reader.offset == bytes.count else { return nil }
        self.init(version: version, threshold: threshold, maxLength: maxLength,
                  estimate: estimate, documentKeys: documentKeys,
                  documentHashes: documentHashes, textLengths: textLengths, bodyLengths: bodyLengths,
                  frequentParent: frequentParent, frequentScalar: frequentScalar, frequentOccurrences: frequentOccurrences)
    }
}

/// Reads what `IndexEncoding` writes; every read is nil past the end or on a malformed value.
struct IndexReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset >= bytes.count }

    mutating func varint() -> Int? {
        var value: UInt64 = 0, shift: UInt64 = 0
        while offset < bytes.count, shift < 63 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value <= UInt64(Int.max) ? Int(value) : nil }
            shift += 7
        }
        return nil
    }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        offset += 1
        return bytes[offset - 1]
    }

    mutating func slice(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        offset += count
        return bytes[offset - count..<offset]
    }

    mutating func string() -> String? {
        guard let count = varint(), let slice = slice(count) else { return nil }
        return String(validating: slice, as: UTF8.self)
    }

    mutating func uint64() -> UInt64? {
        guard let slice = slice(8) else { return nil }
        return slice.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
