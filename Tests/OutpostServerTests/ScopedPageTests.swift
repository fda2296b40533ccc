import OutpostCore
@testable import OutpostServer
import Testing

/// Where a scoped page ends does not depend on which of its entries deliver an item: a page
/// of evictions a bootstrap skips, or evictions dropped because the reader still holds the
/// row, still moves the cursor past them (a page that did not would be asked for again and
/// again).
@Suite struct ScopedPageTests {
    private let pool = ScopeKey(rawValue: "pool:p-hd")
    private let branch = ScopeKey.branch("ou-hd")
    private let reader = ReaderScope(user: UserID("u-chen"), position: "branch_manager", readKeys: [ScopeKey(rawValue: "pool:p-hd"), .branch("ou-hd")],
                                     writeKeys: [], hiddenFields: [:], grant: nil, permissions: [], userIsDisabled: false)

    private func left(_ id: String, at position: Int64) -> ScopeIndexEntry {
        ScopeIndexEntry(key: pool, position: position, entity: EntityName("lead"), id: RowID(id), enteredAt: 1, gone: true)
    }

    @Test func aBootstrapPageOfSkippedEvictionsStillEndsAfterThem() {
        let entries = (1...4).map { left("l\($0)", at: Int64($0 * 10)) }
        let page = ScopedPage(entriesByKey: [pool: entries], limit: 3, since: 0, reader: reader, skipEvictions: true)
        #expect(page.items.isEmpty)
        #expect(page.hasMore)
        #expect(page.nextCursor(from: CursorFormat(position: 0, since: 0)) == CursorFormat(position: 30, since: 0).cursor)
    }

    @Test func anEvictionOfARowStillHeldIsDroppedAndThePageStillEndsAfterIt() {
        let entries = [pool: [left("l1", at: 10), left("l2", at: 20)],
                       branch: [ScopeIndexEntry(key: branch, position: 30, entity: EntityName("lead"), id: RowID("l1"), enteredAt: 1, gone: false)]]
        var page = ScopedPage(entriesByKey: entries, limit: 2, since: 5, reader: reader, skipEvictions: false)
        #expect(page.evictedRows == [RowKey(entity: EntityName("lead"), id: RowID("l1")), RowKey(entity: EntityName("lead"), id: RowID("l2"))])
        page.dropEvictions(ofRowsStillHeld: [RowKey(entity: EntityName("lead"), id: RowID("l1"))])
        #expect(page.items.map(\.id) == [RowID("l2")])
        #expect(page.nextCursor(from: CursorFormat(position: 5, since: 5)) == CursorFormat(position: 20, since: 5).cursor)
    }
}
