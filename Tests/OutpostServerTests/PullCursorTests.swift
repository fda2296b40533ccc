import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// A row that moves forward in the change log while a client pages through it still arrives
/// with every field changed since the client's last complete pull (regression: simulation seed 24).
@Suite struct PullCursorTests {
    private let now: Int64 = 1_764_000_000_000

    private func write(_ store: SQLiteChangeStore, _ sequence: Int64, row: String, field: String, value: String) async throws {
        let change = PushChange(sequence: sequence, entity: EntityName("lead"), rowID: RowID(row), field: FieldName(field),
                                value: .text(value), clock: HLCTimestamp(wallMilliseconds: now + sequence, counter: 0, deviceID: DeviceID("w1")),
                                base: nil)
        _ = try await store.apply(PushRequest(deviceID: DeviceID("w1"), changes: [change]), author: UserID("u-wang"), serverNow: now)
    }

    private func pullAll(_ store: SQLiteChangeStore, from cursor: PullCursor?, limit: Int) async throws -> (rows: [RowID: RowState], cursor: PullCursor?) {
        var rows: [RowID: RowState] = [:]
        var cursor = cursor
        var hasMore = true
        while hasMore {
            let page = try await store.pull(after: cursor, limit: limit)
            for pulled in page.rows {
                var state = rows[pulled.id] ?? RowState()
                for (name, wire) in pulled.fields { state.adopt(wire.version, for: FieldName(name)) }
                rows[pulled.id] = state
            }
            cursor = page.nextCursor
            hasMore = page.hasMore
        }
        return (rows, cursor)
    }

    @Test func aRowMovedForwardDuringPagingKeepsItsEarlierFields() async throws {
        let directory = try makeTemporaryDirectory()
        let store = try SQLiteChangeStore(path: directory.appendingPathComponent("s.sqlite").path, schema: PlainSchema.current)
        try await write(store, 1, row: "a", field: "contact_name", value: "王妈妈")
        let (_, synced) = try await pullAll(store, from: nil, limit: 10)

        try await write(store, 2, row: "a", field: "intent_level", value: "B")   // a moves to position 2
        try await write(store, 3, row: "b", field: "contact_name", value: "李爸爸")   // b at 3
        try await write(store, 4, row: "a", field: "remark", value: "later")      // a moves to 4

        // Page 1 holds b (position 3); page 2 holds a, whose intent_level sits at position 2.
        let (rows, _) = try await pullAll(store, from: synced, limit: 1)
        #expect(rows[RowID("a")]?.values[FieldName("intent_level")] == .text("B"))
        #expect(rows[RowID("a")]?.values[FieldName("remark")] == .text("later"))
        #expect(rows[RowID("b")]?.values[FieldName("contact_name")] == .text("李爸爸"))
    }

    @Test func theLastPageSendsOnlyFieldsChangedSinceTheLastCompletePull() async throws {
        let directory = try makeTemporaryDirectory()
        let store = try SQLiteChangeStore(path: directory.appendingPathComponent("s.sqlite").path, schema: PlainSchema.current)
        try await write(store, 1, row: "a", field: "contact_name", value: "王妈妈")
        let (_, synced) = try await pullAll(store, from: nil, limit: 10)
        try await write(store, 2, row: "a", field: "remark", value: "new")
        let page = try await store.pull(after: synced, limit: 10)
        #expect(page.rows.first?.fields.keys.sorted() == ["remark"])
        #expect(!page.hasMore)
    }
}
