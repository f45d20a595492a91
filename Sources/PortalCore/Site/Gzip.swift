import CDeflate
import Foundation

/// Gzip compression with a byte-identical result for identical input: the one place that talks to
/// libdeflate.
///
/// libdeflate writes a gzip header without file name and with a zero timestamp, and the level is
/// fixed, so two builds of the same site write the same `.gz` bytes (with the same libdeflate)
/// and the build stays reproducible. It compresses a whole buffer at once, which is what a page in
/// memory is, about twice as fast as zlib for the same size.
enum Gzip {
    /// How hard to compress. Each is fixed, so the bytes stay the same from build to build.
    enum Level: Int32, Sendable {
        /// Level 6, like zlib's default: higher levels cost much more time for 1–2 % smaller
        /// files. For the pages read most (home, category lists) and everything else.
        case tight = 6
        /// Level 1, for the bulk of a big site (item pages, 95 % of the bytes compressed):
        /// measured on 10,000 generated item pages (97.7 MB), 0.36 s of CPU instead of 0.73 s
        /// for 39.2 MB instead of 36.9 MB (6 % more), and compressing them was the largest single
        /// cost of writing them, more than cmark's rendering.
        case fast = 1
    }

    /// The gzip member for `data`, or nil if libdeflate fails (only when out of memory).
    static func compress(_ data: Data, level: Level = .tight) -> Data? {
        let compressors = level == .fast ? Compressors.fast : Compressors.tight
        guard let compressor = compressors.take() else { return nil }
        defer { compressors.give(compressor) }
        let bound = libdeflate_gzip_compress_bound(compressor, data.count)
        // Uninitialised memory handed to the `Data` as it is: zero-filling a page's worth of
        // bytes that libdeflate overwrites anyway was measurable over a big site.
        guard let output = malloc(max(1, bound)) else { return nil }
        let written = data.withUnsafeBytes { input in
            libdeflate_gzip_compress(compressor, input.baseAddress, input.count, output, bound)
        }
        guard written > 0 else {
            free(output)
            return nil
        }
        return Data(bytesNoCopy: output, count: written, deallocator: .free)
    }

    /// A compressor holds a few hundred kilobytes of tables: one per thread at a time, reused
    /// rather than made for every page. libdeflate's compressors are not thread-safe, so each is
    /// lent to one caller at a time.
    private final class Compressors: @unchecked Sendable {
        static let tight = Compressors(.tight)
        static let fast = Compressors(.fast)
        private let level: Level
        private let lock = NSLock()
        private var idle: [OpaquePointer] = []

        private init(_ level: Level) {
            self.level = level
        }

        func take() -> OpaquePointer? {
            if let compressor = lock.withLock({ idle.popLast() }) { return compressor }
            return libdeflate_alloc_compressor(level.rawValue)
        }

        func give(_ compressor: OpaquePointer) {
            lock.withLock { idle.append(compressor) }
        }
    }
}
