import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// A store or replica made by schema 1 (lead and follow-up only) opens with schema 2: the
/// CRM's other tables and the new columns appear, the old rows stay, and new rows land.
@Suite struct SchemaUpgradeTests {
    /// Schema 1 as the previous release shipped it.
    static let schemaOne = Schema(version: 1, entities: [
        EntitySchema("lead", fields: [
            FieldSchema("contact_name", .text(maximumLength: 64), required: true),
            FieldSchema("mobile", .text(maximumLength: 32)),
            FieldSchema("remark", .text(maximumLength: 2000)),
            FieldSchema("created_at", .timestamp, policy: .immutable),
        ]),
        EntitySchema("follow_up", kind: .appendOnly, fields: [
            FieldSchema("lead_id", .reference(EntityName("lead")), required: true),
            FieldSchema("note", .text(maximumLength: 2000)),
        ]),
    ])
    private let now: Int64 = 1_788_300_000_000

    @Test func aSQLiteStoreOfSchemaOneOpensWithSchemaTwo() async throws {
        let path = try makeTemporaryDirectory("upgrade").appendingPathComponent("server.sqlite").path
        let old = try SQLiteChangeStore(path: path, schema: Self.schemaOne)
        _ = try await old.apply(oldLead(), author: DemoUsers.wang.userID, serverNow: now)
        let upgraded = try SQLiteChangeStore(path: path, schema: OutpostSchema.current)
        try await expectUpgraded(upgraded)
    }

    @Test func aPostgresStoreOfSchemaOneOpensWithSchemaTwo() async throws {
        let database = try await TestPostgres.shared().createDatabase()
        try await withPostgresStores(1, database: database, schema: Self.schemaOne) { stores in
            _ = try await stores[0].apply(oldLead(), author: DemoUsers.wang.userID, serverNow: now)
        }
        try await withPostgresStores(1, database: database) { stores in
            try await expectUpgraded(stores[0])
        }
    }

    @Test func aReplicaOfSchemaOneOpensWithSchemaTwo() throws {
        let path = try makeTemporaryDirectory("upgrade").appendingPathComponent("replica.sqlite").path
        let old = try Replica(path: path, schema: Self.schemaOne)
        _ = try old.configure(serverURL: URL(string: "http://127.0.0.1:9")!, userID: DemoUsers.wang.userID, token: "t")
        let lead = try old.create(EntityName("lead"), values: [FieldName("contact_name"): .text("王妈妈")], now: now)
        let upgraded = try Replica(path: path)
        #expect(try upgraded.row(EntityName("lead"), id: lead)?.values[FieldName("contact_name")] == .text("王妈妈"))
        let customer = try upgraded.create(EntityName("customer"), values: [
            FieldName("name"): .text("王家"), FieldName("customer_type"): .text("family"),
        ], now: now)
        #expect(try upgraded.row(EntityName("customer"), id: customer) != nil)
        try upgraded.update(EntityName("lead"), id: lead, values: [FieldName("intent_level"): .text("A")], now: now)
        #expect(try upgraded.passesIntegrityCheck())
    }

    // MARK: - Helpers

    private func oldLead() -> PushRequest {
        let device = DeviceID("w1")
        return PushRequest(deviceID: device, changes: [
            PushChange(sequence: 1, entity: EntityName("lead"), rowID: RowID("old-lead"), field: FieldName("contact_name"),
                       value: .text("王妈妈"), clock: HLCTimestamp(wallMilliseconds: now, counter: 0, deviceID: device), base: nil),
        ])
    }

    private func expectUpgraded(_ store: any ChangeStore) async throws {
        #expect(try await storeRows(store, entity: EntityName("lead"))[RowID("old-lead")]?.values[FieldName("contact_name")] == .text("王妈妈"))
        let device = DeviceID("w2")
        let changes = [("name", FieldValue.text("王家")), ("customer_type", .text("family")), ("mobile", .text("13811112222"))]
            .enumerated().map { index, field in
                PushChange(sequence: Int64(index + 1), entity: EntityName("customer"), rowID: RowID("new-customer"), field: FieldName(field.0),
                           value: field.1, clock: HLCTimestamp(wallMilliseconds: now, counter: UInt32(index), deviceID: device), base: nil)
            }
        let answer = try await store.apply(PushRequest(deviceID: device, changes: changes + [
            PushChange(sequence: 4, entity: EntityName("lead"), rowID: RowID("old-lead"), field: FieldName("intent_level"), value: .text("A"),
                       clock: HLCTimestamp(wallMilliseconds: now, counter: 9, deviceID: device), base: nil),
        ]), author: DemoUsers.zhao.userID, serverNow: now)
        #expect(answer.results.allSatisfy { $0.status == .applied }, "\(answer.results)")
        #expect(try await storeRows(store, entity: EntityName("customer"))[RowID("new-customer")]?.values[FieldName("owner_id")] == .text("u-zhao"))
        #expect(try await storeRows(store, entity: EntityName("lead"))[RowID("old-lead")]?.values[FieldName("intent_level")] == .text("A"))
    }
}
