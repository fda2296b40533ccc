import GRDB
import OutpostCore
import OutpostDomain
import OutpostSQLite
import Testing

/// `EntityTable.load(_:writtenAfter:in:)` reads what a pull page delivers: the fields (stamps
/// and values) of each row written after the given log position, and nothing else.
@Suite struct EntityTablePartialLoadTests {
    private let table = EntityTable(OutpostSchema.current.entity(EntityName("lead"))!)

    private func row(_ values: [(String, FieldValue, Int64)]) -> RowState {
        var row = RowState()
        for (offset, (name, value, position)) in values.enumerated() {
            let clock = HLCTimestamp(wallMilliseconds: 1_000 + Int64(offset), counter: 0, deviceID: .server)
            row.values[FieldName(name)] = value
            row.stamps[FieldName(name)] = FieldStamp(clock: clock, author: .system, logPosition: position)
        }
        return row
    }

    @Test func onlyTheFieldsWrittenAfterThePositionAreRead() throws {
        let queue = try DatabaseQueue()
        let first = row([("contact_name", .text("王妈妈"), 3), ("mobile", .text("13800138000"), 7), ("remark", .text("周末"), 9)])
        let second = row([("contact_name", .text("李爸爸"), 8), ("mobile", .text("13900139000"), 4)])
        try queue.write { db in
            try table.create(in: db)
            try table.save(RowID("lead-1"), first, in: db)
            try table.save(RowID("lead-2"), second, in: db)
        }
        let loaded = try queue.read { db in
            try table.load([RowID("lead-1"), RowID("lead-2"), RowID("lead-missing")], writtenAfter: 6, in: db)
        }
        #expect(loaded.count == 2)
        #expect(loaded[RowID("lead-1")]?.values == [FieldName("mobile"): .text("13800138000"), FieldName("remark"): .text("周末")])
        #expect(loaded[RowID("lead-2")]?.values == [FieldName("contact_name"): .text("李爸爸")])
        #expect(loaded[RowID("lead-1")]?.stamps == FieldStamps(first.stamps.byField.filter { $0.value.logPosition > 6 }))
        #expect(loaded[RowID("lead-2")]?.stamps.byField.keys.sorted() == [FieldName("contact_name")])

        // From the start of the log, every value.
        let whole = try queue.read { db in try table.load([RowID("lead-1")], writtenAfter: 0, in: db) }
        #expect(whole[RowID("lead-1")] == first)
    }
}
