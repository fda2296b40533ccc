import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostSQLite
import Testing

/// `EntityTable.save(_:_:replacing:in:)` writes only the columns that changed; whatever it
/// writes, the table must then hold exactly the new row, its indexes must find it by its new
/// values only, and a wrong `stored` row must never lose the write.
@Suite struct EntityTableSaveTests {
    private let table = EntityTable(OutpostSchema.current.entity(EntityName("lead"))!)
    private static let device = DeviceID("0d5a1c7e-0000-4000-8000-000000000001")

    private func state(_ values: [String: FieldValue], at wall: Int64, over base: RowState = RowState()) -> RowState {
        var row = base
        for (offset, (name, value)) in values.sorted(by: { $0.key < $1.key }).enumerated() {
            let clock = HLCTimestamp(wallMilliseconds: wall, counter: UInt32(offset), deviceID: Self.device)
            row.adopt(FieldVersion(value: value, clock: clock, author: UserID("u-wang")), for: FieldName(name))
        }
        return row
    }

    private func written(_ queue: DatabaseQueue, _ id: RowID) throws -> RowState? {
        try queue.read { db in try table.load(id, in: db) }
    }

    @Test func aPartialSaveLeavesExactlyTheNewRowAndItsIndexEntries() throws {
        let queue = try DatabaseQueue()
        let id = RowID("lead-1")
        let first = state(["contact_name": .text("王妈妈"), "mobile": .text("13800138000"), "remark": .text("周末"),
                           "owner_id": .text("u-wang")], at: 1_000)
        try queue.write { db in
            try table.create(in: db)
            try table.save(id, first, replacing: nil, in: db)
        }
        #expect(try written(queue, id) == first)

        // The tombstone is the newest write: the row is deleted (an older one would be revived).
        var second = state(["deleted": .bool(true)], at: 3_000,
                           over: state(["mobile": .text("13900139000"), "remark": .null], at: 2_000, over: first))
        second.forget(FieldName("owner_id"))
        try queue.write { db in try table.save(id, second, replacing: first, in: db) }
        #expect(try written(queue, id) == second)
        let byMobile = try queue.read { db in
            try table.ids(where: FieldName("mobile"), in: [.text("13800138000"), .text("13900139000")], in: db)
        }
        #expect(byMobile[.text("13900139000")] == [id])
        #expect(byMobile[.text("13800138000")]?.isEmpty ?? true)
        #expect(second.isDeleted)
        #expect(try queue.read { db in try Bool.fetchOne(db, sql: "SELECT is_deleted FROM lead WHERE id = ?", arguments: [id.rawValue]) } == true)
        #expect(try queue.read { db in try String?.fetchOne(db, sql: "SELECT owner_id FROM lead WHERE id = ?", arguments: [id.rawValue]) } == .some(nil))
    }

    @Test func everyKindOfValueIsWrittenAsItsColumnStoresItAndFieldsARowLacksAreNull() throws {
        let table = EntityTable(EntitySchema("sample", fields: [
            FieldSchema("note", .text(maximumLength: 50)), FieldSchema("count", .integer(range: 0...1_000_000_000_000)),
            FieldSchema("ratio", .real(range: -10...10)), FieldSchema("done", .boolean),
            FieldSchema("labels", .tagSet(maximumTags: 5)),
            FieldSchema("place", .composite(["city": .text(maximumLength: 10), "floor": .integer(range: 0...99)])),
        ]))
        let full = state(["note": .text(""), "count": .integer(1_000_000_000_000), "ratio": .real(-2.5), "done": .bool(true),
                          "labels": .list([.text("周末"), .text("试听")]),
                          "place": .object(["city": .text("上海"), "floor": .integer(3)])], at: 1_000)
        let sparse = state(["count": .integer(7)], at: 1_000)
        let queue = try DatabaseQueue()
        try queue.write { db in
            try table.create(in: db)
            // The same cached statement writes both: the second must not keep the first's values.
            try table.save(RowID("full"), full, in: db)
            try table.save(RowID("sparse"), sparse, in: db)
        }
        #expect(try queue.read { db in try table.load(RowID("full"), in: db) } == full)
        #expect(try queue.read { db in try table.load(RowID("sparse"), in: db) } == sparse)
        let columns = try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT typeof(note), typeof(ratio), done, labels FROM sample WHERE id = 'full'")
        }
        #expect(columns?[0] == "text")   // an empty text is a text, not NULL
        #expect(columns?[1] == "real")
        #expect(columns?[2] == 1)
        #expect(columns?[3] == #"["周末","试听"]"#)
        let sparseNulls = try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT (note IS NULL) + (ratio IS NULL) + (done IS NULL) + (labels IS NULL) + (place IS NULL) FROM sample WHERE id = 'sparse'")
        }
        #expect(sparseNulls == 5)
    }

    @Test func aWriteSQLiteRefusesIsAnErrorAndTheStatementStillWorksAfterIt() throws {
        let queue = try DatabaseQueue()
        let row = state(["contact_name": .text("王妈妈")], at: 1_000)
        try queue.write { db in
            try table.create(in: db)
            try db.execute(sql: "CREATE TRIGGER no_zhao BEFORE INSERT ON lead WHEN NEW.contact_name = '赵' BEGIN SELECT RAISE(ABORT, 'no 赵'); END")
        }
        let refused = state(["contact_name": .text("赵")], at: 1_000)
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try table.save(RowID("lead-1"), refused, in: db) }
        }
        try queue.write { db in try table.save(RowID("lead-1"), row, in: db) }
        #expect(try written(queue, RowID("lead-1")) == row)
    }

    @Test func manyChangedColumnsAndAStaleStoredRowStillWriteTheWholeRow() throws {
        let queue = try DatabaseQueue()
        let first = state(["contact_name": .text("李爸爸")], at: 1_000)
        let many = state(["contact_name": .text("李爸爸2"), "mobile": .text("13700137000"), "remark": .text("a"),
                          "wechat_id": .text("li_1"), "student_name": .text("李明"), "intent_level": .text("B")], at: 2_000, over: first)
        try queue.write { db in
            try table.create(in: db)
            try table.save(RowID("lead-1"), first, replacing: nil, in: db)
            try table.save(RowID("lead-1"), many, replacing: first, in: db)
            // The caller believed lead-2 was stored; it is not: the write must land anyway.
            try table.save(RowID("lead-2"), many, replacing: first, in: db)
        }
        #expect(try written(queue, RowID("lead-1")) == many)
        #expect(try written(queue, RowID("lead-2")) == many)
    }
}
