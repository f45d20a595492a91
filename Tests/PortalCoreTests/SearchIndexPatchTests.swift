import XCTest
@testable import PortalCore

/// `IndexPatch` must write exactly what a full build of the edited documents writes, or give up.
/// Checked on many random edits of a small corpus with a low threshold (every kind of gram and
/// frequent string occurs), against `SearchIndexBuilder` itself.
final class SearchIndexPatchTests: XCTestCase {
    /// A small deterministic generator (the tests must not depend on the system's).
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Enough documents that most frequent strings occur well above the low thresholds used here.
    static func documents() -> [SearchDocument] { SearchIndexTests.documents(count: 80) }

    static func keys(_ documents: [SearchDocument]) -> [UInt64] {
        documents.map { Fingerprint.hex(SearchIndexBuilder.documentJSON($0)) }.map { UInt64($0, radix: 16)! }
    }

    /// Patches `before` into `after` and, when the patch applies, compares every file, the folder
    /// name and the state with a full build of `after`. Returns whether the patch applied.
    func patchMatchesBuild(_ before: [SearchDocument], _ after: [SearchDocument], builder: SearchIndexBuilder,
                           file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let (old, state) = builder.buildWithState(before, keys: Self.keys(before))
        let oldFiles = Dictionary(uniqueKeysWithValues: old.files.map { ($0.path, $0.bytes) })
        let patch = IndexPatch(builder: builder, previous: state, read: { oldFiles[$0] })
        guard let result = patch.patch(keys: Self.keys(after), document: { after[$0] }) else { return false }
        let (full, fullState) = builder.buildWithState(after, keys: Self.keys(after))
        var patched = oldFiles
        for (path, bytes) in result.files { patched[path] = bytes }
        // A shard left with no entry is still a file (the browser fetches it), empty.
        let expected = Dictionary(uniqueKeysWithValues: full.files.map { ($0.path, $0.bytes) })
        XCTAssertEqual(Set(patched.keys), Set(expected.keys), "the same files", file: file, line: line)
        for (path, bytes) in expected where patched[path] != bytes {
            XCTFail("\(path) differs from a full build", file: file, line: line)
        }
        XCTAssertEqual(result.state, fullState, "the same state", file: file, line: line)
        XCTAssertEqual(result.state.version, full.version, file: file, line: line)
        return true
    }

    /// One random edit of document `index`.
    static func edited(_ document: SearchDocument, _ random: inout Random, pool: [SearchDocument]) -> SearchDocument {
        var title = document.title, body = document.body, topics = document.topics
        switch random.next(6) {
        case 0: body += "新增说明第\(random.next(100000))号。"
        case 1:
            // Cut a piece out of the body.
            let scalars = Array(body.unicodeScalars)
            if scalars.count > 4 {
                let start = random.next(scalars.count - 2), length = 1 + random.next(min(8, scalars.count - start - 1))
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[..<start])
                view.append(contentsOf: scalars[(start + length)...])
                body = String(view)
            }
        case 2: title = "关于调整\(random.next(1000))的通知"
        case 3: body = pool[random.next(pool.count)].body
        case 4: topics = topics.isEmpty ? ["社会保障"] : []
        default: body = body.replacingOccurrences(of: "第", with: "号", options: [], range: nil)
        }
        return SearchDocument(title: title, url: document.url, date: document.date, section: document.section,
                              indexNo: document.indexNo, docNo: document.docNo, topics: topics, body: body)
    }

    func testRandomEditsPatchToExactlyTheFullBuild() {
        let documents = Self.documents()
        var random = Random(state: 20260101)
        for (threshold, maxLength) in [(3, 6), (6, 4), (10, 32), (3, 2)] {
            let builder = SearchIndexBuilder(threshold: threshold, maxLength: maxLength)
            var applied = 0, runs = 0
            for _ in 0..<30 {
                var after = documents
                for _ in 0..<(1 + random.next(3)) {
                    let index = random.next(documents.count)
                    after[index] = Self.edited(after[index], &random, pool: documents)
                }
                runs += 1
                if patchMatchesBuild(documents, after, builder: builder) { applied += 1 }
            }
            // The patch must apply to most small edits, or the test proves nothing.
            XCTAssertGreaterThanOrEqual(applied, runs / 5, "threshold \(threshold), maxLength \(maxLength): applied \(applied) of \(runs)")
        }
    }

    func testAnUnchangedDocumentSetNeedsNoFile() throws {
        let documents = Self.documents()
        let builder = SearchIndexBuilder(threshold: 3, maxLength: 6)
        let (old, state) = builder.buildWithState(documents, keys: Self.keys(documents))
        let files = Dictionary(uniqueKeysWithValues: old.files.map { ($0.path, $0.bytes) })
        let result = try XCTUnwrap(IndexPatch(builder: builder, previous: state, read: { files[$0] })
            .patch(keys: Self.keys(documents), document: { documents[$0] }))
        XCTAssertTrue(result.files.isEmpty)
        XCTAssertEqual(result.state.version, old.version)
    }

    func testAnEditThatMakesARareStringFrequentIsBuiltInstead() {
        var documents = Self.documents()
        let builder = SearchIndexBuilder(threshold: 3, maxLength: 6)
        let (_, state) = builder.buildWithState(documents, keys: Self.keys(documents))
        XCTAssertFalse(IndexPatch.Trie(state).isFrequent(ArraySlice("罕见词".unicodeScalars.map(\.value))))
        let original = documents
        func appending(_ times: Int) -> [SearchDocument] {
            var edited = original
            let old = original[4]
            edited[4] = SearchDocument(title: old.title, url: old.url, date: old.date, section: old.section, indexNo: old.indexNo,
                                       docNo: old.docNo, topics: old.topics, body: old.body + String(repeating: "罕见词", count: times))
            return edited
        }
        // Three occurrences stay at the threshold (3): patched. A fourth makes the string frequent.
        XCTAssertTrue(patchMatchesBuild(original, appending(3), builder: builder), "still rare: patched")
        documents = appending(4)
        XCTAssertFalse(patchMatchesBuild(original, documents, builder: builder), "the frequent strings change: no patch")
    }

    func testMoreDocumentsOrADifferentNumberAreBuiltInstead() {
        let documents = Self.documents()
        let builder = SearchIndexBuilder(threshold: 3, maxLength: 6)
        XCTAssertFalse(patchMatchesBuild(documents, Array(documents.dropLast()), builder: builder))
        var random = Random(state: 7)
        let all = documents.map { Self.edited($0, &random, pool: documents) }
        XCTAssertFalse(patchMatchesBuild(documents, all, builder: builder), "every document changed: built")
    }

    /// A rebuilt index links the documents an earlier one has (`earlierDocuments`) and writes
    /// the others; a link that fails is written after all, with the bytes a build writes.
    func testEarlierDocumentsAreLinkedOrElseWrittenAsABuildWrites() throws {
        let documents = Self.documents(), builder = SearchIndexBuilder(threshold: 3, maxLength: 6)
        let built = Dictionary(uniqueKeysWithValues: builder.build(documents).files.map { ($0.path, $0.bytes) })
        let hashes = documents.map { Fingerprint.hex(SearchIndexBuilder.documentJSON($0)) }
        let earlier = Set(hashes.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        for linkWorks in [true, false] {
            final class Record: @unchecked Sendable {
                let lock = NSLock()
                var written: [String: [UInt8]] = [:], linked: [String: String] = [:]
            }
            let record = Record()
            _ = try builder.buildWithState(documents, keys: Self.keys(documents), earlierDocuments: earlier) { _ in
                SearchIndexBuilder.Destination(
                    write: { path, bytes in record.lock.withLock { record.written[path] = bytes } },
                    linkDocument: { hash, path in
                        guard linkWorks else { return false }
                        record.lock.withLock { record.linked[path] = hash }
                        return true
                    })
            }
            for (index, hash) in hashes.enumerated() {
                let path = SearchIndexBuilder.documentPath(index)
                if linkWorks && earlier.contains(hash) {
                    XCTAssertEqual(record.linked[path], hash, "\(path) is linked")
                    XCTAssertNil(record.written[path], "\(path) is not written as well")
                } else {
                    XCTAssertNil(record.linked[path])
                    XCTAssertEqual(record.written[path], built[path], "\(path) is written as a build writes it")
                }
            }
            let others = built.keys.filter { !$0.hasPrefix("d/") }
            XCTAssertFalse(others.isEmpty)
            for path in others { XCTAssertEqual(record.written[path], built[path], path) }
        }
    }

    func testTheStateReadsBackAsWritten() throws {
        let documents = Self.documents()
        let (_, state) = SearchIndexBuilder(threshold: 3, maxLength: 6).buildWithState(documents, keys: Self.keys(documents))
        XCTAssertEqual(SearchIndexState(decoding: state.encoded), state)
        XCTAssertNil(SearchIndexState(decoding: Array(state.encoded.dropLast())))
        XCTAssertNil(SearchIndexState(decoding: Array("not a state".utf8)))
    }
}
