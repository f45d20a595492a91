import CZlib
import Foundation

/// Gzip compression with a byte-identical result for identical input: the one place that talks to
/// zlib.
///
/// The gzip header carries no file name and a zero timestamp, the level is fixed, and the header's
/// operating-system byte is always Unix, so two builds of the same site write the same `.gz` bytes
/// (with the same zlib) and the build stays reproducible.
enum Gzip {
    /// zlib's default level: level 9 costs about twice the time for 1–2 % smaller pages.
    static let level: Int32 = 6

    /// The gzip member for `data`, or nil if zlib fails (it only does when out of memory).
    static func compress(_ data: Data) -> Data? {
        // zlib keeps pointers to the stream and the header between calls, so both live at fixed
        // addresses rather than in Swift variables passed with `&`.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let header = UnsafeMutablePointer<gz_header>.allocate(capacity: 1)
        // Fixed header fields: no name, no comment, mtime 0, OS 3 (Unix) on every platform.
        header.initialize(to: gz_header())
        header.pointee.os = 3
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
            header.deinitialize(count: 1)
            header.deallocate()
        }

        // 15 window bits + 16 asks zlib for a gzip wrapper instead of a zlib one.
        let status = deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { return nil }
        defer { deflateEnd(stream) }
        guard deflateSetHeader(stream, header) == Z_OK else { return nil }

        var output = Data(count: Int(deflateBound(stream, uLong(data.count))))
        let result: Int32 = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { buffer in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = buffer.bindMemory(to: Bytef.self).baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                // deflateBound guarantees room for everything, so one call finishes the stream.
                return deflate(stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else { return nil }
        output.count = Int(stream.pointee.total_out)
        return output
    }
}
