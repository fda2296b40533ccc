import GRDB
import OutpostCore
import OutpostSQLite
import Testing

/// `EntityTable.loadStamps` reads each row's rowid and `update(rowNumber:…)` writes that row
/// and no other, even when a field's column is named like the rowid.
@Suite struct EntityTableRowNumberTests {
    private let table = EntityTable(EntitySchema("visit", fields: [
        FieldSchema("rowid", .text(maximumLength: 20)),
        FieldSchema("note", .text(maximumLength: 50)),
    ]))

    private func row(rowid: String, note: String) -> RowState {
        var row = RowState()
        let clock = HLCTimestamp(wallMilliseconds: 1_000, counter: 0, deviceID: .server)
        for (name, value) in [("rowid", rowid), ("note", note)] {
            row.values[FieldName(name)] = .text(value)
            row.stamps[FieldName(name)] = FieldStamp(clock: clock, author: .system, logPosition: 1)
        }
        return row
    }

    @Test func anUpdateByRowNumberWritesThatRowOnly() throws {
        let queue = try DatabaseQueue()
        let ids = ["v-1", "v-2", "v-3"].map { RowID($0) }
        try queue.write { db in
            try table.create(in: db)
            for (offset, id) in ids.enumerated() { try table.save(id, row(rowid: "r\(offset)", note: "before"), in: db) }
        }
        let written = try queue.write { db in
            let stored = try table.loadStamps([ids[1]], in: db)
            let second = try #require(stored[ids[1]])
            return try table.update(rowNumber: second.rowNumber, fields: [(FieldName("note"), .text("after"))],
                                    packedStamps: second.packed, isDeleted: nil, in: db)
        }
        #expect(written)
        let rows = try queue.read { db in try table.load(ids, in: db) }
        #expect(rows[ids[0]]?.values[FieldName("note")] == .text("before"))
        #expect(rows[ids[1]]?.values[FieldName("note")] == .text("after"))
        #expect(rows[ids[1]]?.values[FieldName("rowid")] == .text("r1"))
        #expect(rows[ids[2]]?.values[FieldName("note")] == .text("before"))
    }

    @Test func anUpdateOfARowNumberWithoutARowWritesNothing() throws {
        let queue = try DatabaseQueue()
        let written = try queue.write { db in
            try table.create(in: db)
            try table.save(RowID("v-1"), row(rowid: "r0", note: "before"), in: db)
            return try table.update(rowNumber: 999, fields: [(FieldName("note"), .text("after"))], packedStamps: [3, 0, 0],
                                    isDeleted: nil, in: db)
        }
        #expect(!written)
        let stored = try queue.read { db in try table.load(RowID("v-1"), in: db) }
        #expect(stored?.values[FieldName("note")] == .text("before"))
    }
}
