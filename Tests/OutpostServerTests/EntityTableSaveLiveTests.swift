import GRDB
import OutpostCore
import OutpostDomain
import OutpostSQLite
import Testing

/// `EntityTable.liveRow` writes a row new to the table exactly as `save` writes the state
/// that adopted the same versions: every column, the liveness and the stamp pack byte for byte.
@Suite struct EntityTableSaveLiveTests {
    private static let devices = [DeviceID("0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b"), DeviceID.server, DeviceID("laptop-7")]
    private static let authors = [UserID("u-wang"), UserID.system, UserID("u-zhao")]

    /// A lead's fields as a pull page brings them: values of several types, from three writers,
    /// with the tombstone saying "live" when `withTombstone`.
    private static func pulledFields(seed: Int, withTombstone: Bool) -> [(name: FieldName, version: FieldVersion)] {
        var fields: [(name: FieldName, version: FieldVersion)] = []
        let values: [String: FieldValue] = [
            "contact_name": .text("王妈妈 \(seed)"), "mobile": .text("1381234\(String(format: "%04d", seed))"),
            "intent_level": .text("B"), "remark": .text("周末\"班\" \\ \(seed)"), "wechat_id": .null,
            "tags": .list([.text("vip"), .text("试听")]), "pool_state": .text("private"),
        ]
        for (offset, (name, value)) in values.sorted(by: { $0.key < $1.key }).enumerated() {
            let writer = (seed + offset) % devices.count
            let clock = HLCTimestamp(wallMilliseconds: 1_764_038_400_000 + Int64(seed * 1_000 + offset * 7), counter: UInt32(offset % 3),
                                     deviceID: devices[writer])
            fields.append((FieldName(name), FieldVersion(value: value, clock: clock, author: authors[writer])))
        }
        if withTombstone {
            let clock = HLCTimestamp(wallMilliseconds: 1_764_038_300_000, counter: 0, deviceID: .server)
            fields.append((.deleted, FieldVersion(value: .bool(false), clock: clock, author: .system)))
        }
        return fields
    }

    /// Every column of every row, in id order.
    private static func dump(_ queue: DatabaseQueue) throws -> [[DatabaseValue]] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM lead ORDER BY id").map { row in row.databaseValues.map { $0 } }
        }
    }

    /// A table of leads in a new in-memory file, numbered as a replica's is.
    private static func makeTable(in queue: DatabaseQueue) throws -> EntityTable {
        try queue.write { db in
            try EntityTable(OutpostSchema.lead).create(in: db)
            return try EntityTable(OutpostSchema.lead, numberedBy: db)
        }
    }

    @Test func aLiveRowIsWrittenAsTheAdoptedStateWouldBe() throws {
        let direct = try DatabaseQueue()
        let adopted = try DatabaseQueue()
        let directTable = try Self.makeTable(in: direct)
        let adoptedTable = try Self.makeTable(in: adopted)
        for seed in 0..<12 {
            let id = RowID("lead-\(seed)")
            let fields = Self.pulledFields(seed: seed, withTombstone: seed % 2 == 0)
            try direct.write { db in try directTable.saveLive(id, fields: fields, with: try directTable.liveRowWriter(in: db)) }
            var state = RowState()
            for (name, version) in fields { state.adopt(version, for: name) }
            try adopted.write { db in try adoptedTable.save(id, state, in: db) }
        }
        let rows = try Self.dump(direct)
        #expect(rows.count == 12)
        #expect(rows == (try Self.dump(adopted)))
        let loaded = try direct.read { db in try directTable.load(RowID("lead-3"), in: db) }
        #expect(loaded?.values[FieldName("contact_name")] == .text("王妈妈 3"))
        #expect(loaded?.isDeleted == false)
    }

    @Test func aFieldWithoutAColumnIsLeftOut() throws {
        let queue = try DatabaseQueue()
        let table = try Self.makeTable(in: queue)
        let clock = HLCTimestamp(wallMilliseconds: 1_764_038_400_000, counter: 0, deviceID: .server)
        try queue.write { db in
            try table.saveLive(RowID("lead-x"), fields: [
                (FieldName("contact_name"), FieldVersion(value: .text("李爸爸"), clock: clock, author: .system)),
                (FieldName("no_such_field"), FieldVersion(value: .text("?"), clock: clock, author: .system)),
            ], with: try table.liveRowWriter(in: db))
        }
        let loaded = try queue.read { db in try table.load(RowID("lead-x"), in: db) }
        #expect(loaded?.values == [FieldName("contact_name"): .text("李爸爸")])
        #expect(loaded?.stamps.byField.keys.sorted() == [FieldName("contact_name")])
    }

    @Test func aWriterUsedForTheNextRowCarriesNothingOverFromTheFirst() throws {
        let queue = try DatabaseQueue()
        let table = try Self.makeTable(in: queue)
        let clock = HLCTimestamp(wallMilliseconds: 1_764_038_400_000, counter: 0, deviceID: .server)
        try queue.write { db in
            let writer = try table.liveRowWriter(in: db)
            try table.saveLive(RowID("lead-1"), fields: [
                (FieldName("contact_name"), FieldVersion(value: .text("王妈妈"), clock: clock, author: .system)),
                (FieldName("mobile"), FieldVersion(value: .text("13812345678"), clock: clock, author: .system)),
            ], with: writer)
            try table.saveLive(RowID("lead-2"), fields: [
                (FieldName("contact_name"), FieldVersion(value: .text("李爸爸"), clock: clock, author: .system)),
            ], with: writer)
        }
        let second = try queue.read { db in try table.load(RowID("lead-2"), in: db) }
        #expect(second?.values == [FieldName("contact_name"): .text("李爸爸")])
        let mobile = try queue.read { db in try String.fetchOne(db, sql: "SELECT mobile FROM lead WHERE id = 'lead-2'") }
        #expect(mobile == nil)
    }
}

private extension EntityTable {
    /// Writes `fields` as a live row through `liveRow`, as a pull does.
    func saveLive(_ id: RowID, fields: [(name: FieldName, version: FieldVersion)], with writer: Statement) throws {
        var row = try liveRow(id, fieldCount: fields.count, with: writer)
        for (name, version) in fields { try row.set(name, to: version) }
        _ = try row.write()
    }
}
