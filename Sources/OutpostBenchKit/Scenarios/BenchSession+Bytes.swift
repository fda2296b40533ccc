import Foundation
import OutpostCore
import OutpostProtocol

extension BenchSession {
    /// S7, wire: the bytes a bootstrap moves (the gzip pull pages of every row, as the server
    /// sends them), against one gzip stream of the same rows as plain JSON objects: every row
    /// the pages carry, the server's own rows too (ownership events, de-dup links), with its
    /// values and none of the sync metadata (clocks, authors).
    func measureBootstrapBytes() async throws {
        let server = try mainServer
        let client = LoopbackClient(baseURL: server.url)
        let token = users.all[0].token
        var cursor: PullCursor?
        var wireBytes = 0
        var jsonBytes = 0
        var rows = 0
        var plainRows: [String: [[String: FieldValue]]] = [:]
        while true {
            let body = try LoopbackClient.gzippedJSON(PullRequest(cursor: cursor, limit: 1000))
            let answer = try await client.post("v1/pull", gzippedBody: body, token: token)
            let page = try WireCoding.decode(CompactPullPage.self, from: answer.body).page
            wireBytes += answer.wireBytes
            jsonBytes += answer.body.count
            rows += page.rows.count
            for row in page.rows where row.evicted != true {
                var object = row.fields.mapValues(\.version.value)
                object["id"] = .text(row.id.rawValue)
                plainRows[row.entity.rawValue, default: []].append(object)
            }
            cursor = page.nextCursor
            if !page.hasMore { break }
        }
        let plain = try WireCoding.makeEncoder().encode(plainRows)
        let plainGzip = try LoopbackClient.gzip(plain).count
        record("S7-wire", Double(wireBytes))
        recordBaseline(BaselineName.plainJSON, unit: "bytes", Double(plainGzip))
        details["S7-wire"] = [
            "rows": Double(rows), "pageJSONBytes": Double(jsonBytes), "plainJSONBytes": Double(plain.count),
            "wireBytesPerRow": Double(wireBytes) / Double(max(rows, 1)), "plainGzipBytesPerRow": Double(plainGzip) / Double(max(rows, 1)),
        ]
        Progress.say("S7 wire: \(rows) rows, \(wireBytes) bytes gzip pages (\(jsonBytes) JSON) vs \(plainGzip) bytes gzip plain rows (\(plain.count) JSON)")
    }

    /// S7, disk: the first replica's file after S5 (rows, stamps, journal, sync state),
    /// checkpointed, against a plain SQLite file of the same rows: every row the replica
    /// holds (the server's ownership events too), copied as plain columns.
    func measureReplicaFile() throws {
        // A background checkpoint still running would keep the measurement's own from
        // emptying the log, and the log's bytes would be counted.
        replicas[0].replica.checkpointLog()
        let file = path(replicas[0].name + ".sqlite")
        let bytes = try RawSQLiteBaseline.checkpointedSize(of: file)
        let plainBytes = try RawSQLiteBaseline.plainCopy(of: file, to: path("plain-same-rows.sqlite"))
        record("S7-file", Double(bytes))
        recordBaseline(BaselineName.plainFile, unit: "bytes", Double(plainBytes))
        details["S7-file"] = ["bytesPerRow": Double(bytes) / Double(dataset.rowCount),
                              "plainBytesPerRow": Double(plainBytes) / Double(dataset.rowCount),
                              "datasetOnlyPlainBytes": Double(plainFileBytes)]
        Progress.say("S7 file: replica \(bytes) bytes vs plain \(plainBytes) bytes (the data set's rows alone: \(plainFileBytes))")
    }
}
