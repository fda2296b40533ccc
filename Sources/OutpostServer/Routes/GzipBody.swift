import CLibdeflate
import NIOCore
import Synchronization

/// Gzip for answer bodies, through libdeflate: a pull page is compressed whole, 1.8× faster
/// than zlib at the same level and a few percent smaller (BENCHMARKS.md, S1 and S7a).
/// Compressors are kept for reuse (each holds ~1 MB of tables); one is never used by two
/// requests at once.
enum GzipBody {
    /// libdeflate's level 6: the size zlib's default gives, or a little less.
    private static let level: Int32 = 6
    private static let idle = Mutex<[Compressor]>([])

    /// One libdeflate compressor. `@unchecked Sendable`: only the request that took it from
    /// `idle` uses it, until it puts it back.
    private struct Compressor: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// `body` as one gzip member.
    /// - Throws: `ServerError.internalFailure` when libdeflate cannot allocate a compressor.
    static func compress(_ body: ByteBuffer) throws -> ByteBuffer {
        let taken = try take()
        defer { idle.withLock { $0.append(taken) } }
        let compressor = taken.pointer
        return body.withUnsafeReadableBytes { input in
            let bound = libdeflate_gzip_compress_bound(compressor, input.count)
            var output = ByteBufferAllocator().buffer(capacity: bound)
            let written = output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { space in
                libdeflate_gzip_compress(compressor, input.baseAddress, input.count, space.baseAddress, space.count)
            }
            precondition(written > 0, "libdeflate_gzip_compress_bound was too small")   // its contract: cannot happen
            return output
        }
    }

    private static func take() throws -> Compressor {
        if let reused = idle.withLock({ $0.popLast() }) { return reused }
        guard let made = libdeflate_alloc_compressor(level) else { throw ServerError.internalFailure }
        return Compressor(pointer: made)
    }
}
