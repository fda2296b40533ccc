import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Invariant 1 across pages: a row written again after other rows moves to the end of the
/// change log; a pull loop that passes its old position must still receive the fields written
/// there (found by `outpost-bench` S8: replicas that paged past a moved row never got a field).
@Suite struct PullCompletenessTests {
    private let lead = EntityName("lead")
    private let now: Int64 = 1_764_000_000_000

    @Test func aRowRewrittenAfterOtherRowsArrivesWholeAcrossPages() async throws {
        let store = try makeStore()
        try await push(store, sequence: 1, row: "x", field: "contact_name", value: "王妈妈", counter: 1)
        try await push(store, sequence: 2, row: "y", field: "contact_name", value: "李爸爸", counter: 2)
        try await push(store, sequence: 3, row: "x", field: "mobile", value: "13812345678", counter: 3)

        // Pages of one row: the loop passes x's first position only after x moved past y.
        let rows = try await pullEverything(store, after: nil, limit: 1)
        #expect(Set(rows[RowID("x")]?.keys ?? [:].keys).subtracting(PlainSchema.serverWritten) == ["contact_name", "mobile"])
        #expect(Set(rows[RowID("y")]?.keys ?? [:].keys).subtracting(PlainSchema.serverWritten) == ["contact_name"])
    }

    @Test func anIncrementalPullGetsFieldsWrittenBeforeTheRowMoved() async throws {
        let store = try makeStore()
        try await push(store, sequence: 1, row: "a", field: "contact_name", value: "张奶奶", counter: 1)
        let start = try await store.pull(after: nil, limit: 1000).nextCursor
        try await push(store, sequence: 2, row: "x", field: "contact_name", value: "王妈妈", counter: 2)
        try await push(store, sequence: 3, row: "y", field: "contact_name", value: "李爸爸", counter: 3)
        try await push(store, sequence: 4, row: "x", field: "mobile", value: "13812345678", counter: 4)

        let rows = try await pullEverything(store, after: start, limit: 1)
        #expect(Set(rows[RowID("x")]?.keys ?? [:].keys).subtracting(PlainSchema.serverWritten) == ["contact_name", "mobile"])
        #expect(rows[RowID("a")] == nil)   // nothing before the cursor comes again
    }

    // MARK: - Private

    private func makeStore() throws -> SQLiteChangeStore {
        let directory = try makeTemporaryDirectory()
        return try SQLiteChangeStore(path: directory.appendingPathComponent("s.sqlite").path, schema: PlainSchema.current)
    }

    private func push(_ store: SQLiteChangeStore, sequence: Int64, row: String, field: String, value: String, counter: UInt32) async throws {
        let change = PushChange(sequence: sequence, entity: lead, rowID: RowID(row), field: FieldName(field), value: .text(value),
                                clock: HLCTimestamp(wallMilliseconds: now, counter: counter, deviceID: DeviceID("d1")), base: nil)
        _ = try await store.apply(PushRequest(deviceID: DeviceID("d1"), changes: [change]), author: UserID("u-wang"), serverNow: now)
    }

    /// Field versions per row, as a client following the cursor page by page collects them.
    private func pullEverything(_ store: SQLiteChangeStore, after start: PullCursor?, limit: Int) async throws -> [RowID: [String: WireFieldVersion]] {
        var rows: [RowID: [String: WireFieldVersion]] = [:]
        var cursor = start
        while true {
            let page = try await store.pull(after: cursor, limit: limit)
            for row in page.rows {
                rows[row.id, default: [:]].merge(row.fields) { _, new in new }
            }
            cursor = page.nextCursor
            if !page.hasMore { return rows }
        }
    }
}
