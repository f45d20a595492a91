import CDeflate
import Foundation

/// Raw DEFLATE (RFC 1951, no header), as the index stores each document's file: `search.js`
/// inflates it with the browser's `DecompressionStream("deflate-raw")`.
///
/// Why the index compresses its documents itself rather than leaving it to nginx: they are half
/// of the index's bytes on disk (Chinese text shrinks about 2.4×), and a file stored compressed is
/// also what a query downloads, with or without a server that compresses. `.bin` files are
/// `application/octet-stream`, which nginx never compresses again (`gzip_types`).
///
/// The build's other compression, the pages' `.gz` siblings, is `Site/Gzip`; this one belongs to
/// the index's format and sits with it, below the site.
enum RawDeflate {
    /// libdeflate's level. On 10,000 items' documents (49 MB of JSON), level 1 writes 21.4 MB in
    /// 0.24 s of CPU, level 6 20.3 MB in 0.42 s: the megabyte is not worth the time.
    static let level: Int32 = 1

    /// The compressed bytes of `bytes`; the same bytes for the same input (libdeflate is
    /// deterministic at a fixed level).
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        let compressor = Compressors.shared.take()
        defer { Compressors.shared.give(compressor) }
        let bound = libdeflate_deflate_compress_bound(compressor, bytes.count)
        return [UInt8](unsafeUninitializedCapacity: max(1, bound)) { output, written in
            written = bytes.withUnsafeBytes { input in
                libdeflate_deflate_compress(compressor, input.baseAddress, input.count, output.baseAddress, bound)
            }
            // Only an output smaller than the bound can fail; the bound is never too small.
            precondition(written > 0, "libdeflate could not compress into its own bound")
        }
    }

    /// The bytes `compress` was given, or nil when `bytes` is not raw DEFLATE (or inflates past
    /// `limit`).
    static func decompress(_ bytes: [UInt8], limit: Int = 1 << 28) -> [UInt8]? {
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        var capacity = max(4096, bytes.count * 4)
        while capacity <= limit {
            var result = LIBDEFLATE_SUCCESS
            let output = [UInt8](unsafeUninitializedCapacity: capacity) { output, initialized in
                var actual = 0
                result = bytes.withUnsafeBytes { input in
                    libdeflate_deflate_decompress(decompressor, input.baseAddress, input.count,
                                                  output.baseAddress, capacity, &actual)
                }
                initialized = result == LIBDEFLATE_SUCCESS ? actual : 0
            }
            if result == LIBDEFLATE_SUCCESS { return output }
            guard result == LIBDEFLATE_INSUFFICIENT_SPACE else { return nil }
            capacity *= 4
        }
        return nil
    }

    /// One compressor per thread at a time (they are not thread-safe, and each holds a few
    /// hundred kilobytes of tables), reused across documents.
    private final class Compressors: @unchecked Sendable {
        static let shared = Compressors()
        private let lock = NSLock()
        private var idle: [OpaquePointer] = []

        func take() -> OpaquePointer {
            if let compressor = lock.withLock({ idle.popLast() }) { return compressor }
            guard let compressor = libdeflate_alloc_compressor(RawDeflate.level) else {
                fatalError("libdeflate could not allocate a compressor (out of memory)")
            }
            return compressor
        }

        func give(_ compressor: OpaquePointer) {
            lock.withLock { idle.append(compressor) }
        }
    }
}
