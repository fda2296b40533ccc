import CompressNIO
import NIOCore
@testable import OutpostServer
import Testing

/// Answer bodies gzipped by libdeflate are plain gzip: zlib (libcurl, CompressNIO) reads them
/// back byte for byte, and concurrent answers never share a compressor.
@Suite struct GzipBodyTests {
    private func page(_ rows: Int) -> ByteBuffer {
        var text = #"{"rows":["#
        for index in 0..<rows {
            text += #"{"entity":"lead","id":"019a95fa-4c00-7d21-8e4f-\#(index)","fields":{"remark":["周日下午试听，家长希望一对一 \#(index)",0,1764038470000,\#(index)]}},"#
        }
        text += #"{}],"hasMore":false}"#
        return ByteBuffer(string: text)
    }

    @Test func whatItCompressesZlibInflatesToTheSameBytes() throws {
        for rows in [0, 1, 1_000] {
            let body = page(rows)
            var compressed = try GzipBody.compress(body)
            if rows == 1_000 { #expect(compressed.readableBytes * 5 < body.readableBytes, "a page of rows compresses well") }
            let inflated = try compressed.decompress(with: .gzip(), maxSize: 64 << 20)
            #expect(inflated == body)
        }
    }

    @Test func concurrentAnswersEachGetTheirOwnBytes() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for rows in 1...16 {
                group.addTask {
                    let body = page(rows * 50)
                    var compressed = try GzipBody.compress(body)
                    return try compressed.decompress(with: .gzip(), maxSize: 64 << 20) == body
                }
            }
            for try await same in group { #expect(same) }
        }
    }
}
