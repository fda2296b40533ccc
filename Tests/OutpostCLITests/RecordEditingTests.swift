import Foundation
import OutpostCore
import OutpostReplica
import OutpostTestSupport
@testable import outpost
import Testing

/// `outpost edit`'s words against a real replica file, on an entity with every kind of field
/// the schema has (tag set, composite, stage, reference), declared here so the test does not
/// wait for the domain schema to grow them.
@Suite struct RecordEditingTests {
    static let schema = Schema(version: 1, entities: [
        EntitySchema("account", fields: [
            FieldSchema("name", .text(maximumLength: 64), required: true),
            FieldSchema("tags", .tagSet(maximumTags: 10), policy: .addWinsSet),
            FieldSchema("address", .composite(["text": .text(maximumLength: 200), "district_code": .text(maximumLength: 6)])),
            FieldSchema("stage", .stage(["initial_contact", "negotiation", "won"]), policy: .forwardOnly(["initial_contact", "negotiation", "won"])),
            FieldSchema("parent_id", .reference(EntityName("account"))),
            FieldSchema("active", .boolean),
        ]),
    ])
    static let account = schema.entities[0]

    private func makeReplica() throws -> Replica {
        let directory = try makeTemporaryDirectory("outpost-cli")
        let replica = try Replica(path: directory.appendingPathComponent("replica.sqlite").path, schema: Self.schema)
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:9/")!, userID: UserID("u-wang"), token: "t")
        return replica
    }

    private func add(_ words: [String], to replica: Replica) throws -> RowID {
        let values = try RecordValues.make(try words.map(FieldAssignment.init(parsing:)), of: Self.account, current: nil,
                                           parser: replica.valueParser(now: WallClock.now()))
        return try replica.create(Self.account.name, values: values)
    }

    private func edit(_ id: RowID, _ words: [String], clearing cleared: [String] = [], in replica: Replica) throws -> [String] {
        try RecordEditor(replica: replica, entity: Self.account, rowID: id)
            .apply(try words.map(FieldAssignment.init(parsing:)), clearing: cleared.map { FieldName($0) })
    }

    @Test func tagsAddAndRemoveOnTopOfTheStoredSet() throws {
        let replica = try makeReplica()
        let id = try add(["name=王家", "tags=cold,trial"], to: replica)
        #expect(try edit(id, ["tags+=vip", "tags-=cold"], in: replica) == ["tags"])
        let tags = try #require(ObservedRemoveSet(try replica.row(Self.account.name, id: id)?.values[FieldName("tags")] ?? .null))
        #expect(tags.elements == ["trial", "vip"])
        #expect(tags.removes.count == 1)   // the add id of cold, observed and removed
    }

    @Test func compositeMembersMergeOntoTheStoredValue() throws {
        let replica = try makeReplica()
        let id = try add(["name=王家", "address.text=海淀区中关村大街1号"], to: replica)
        _ = try edit(id, ["address.district_code=110108"], in: replica)
        #expect(try replica.row(Self.account.name, id: id)?.values[FieldName("address")]
            == .object(["text": .text("海淀区中关村大街1号"), "district_code": .text("110108")]))
    }

    @Test func stageKeepsTheStoredEpochAndReferencesResolveBySuffix() throws {
        let replica = try makeReplica()
        let parent = try add(["name=总校"], to: replica)
        let id = try add(["name=王家", "stage=initial_contact"], to: replica)
        _ = try edit(id, ["stage=negotiation", "parent_id=\(parent.short)", "active=yes"], in: replica)
        let values = try #require(try replica.row(Self.account.name, id: id)?.values)
        #expect(values[FieldName("stage")] == StageValue(epoch: 0, stage: "negotiation").fieldValue)
        #expect(values[FieldName("parent_id")] == .text(parent.rawValue))
        #expect(values[FieldName("active")] == .bool(true))
    }

    @Test func unknownFieldsRepeatedFieldsAndSetAndClearAreRefused() throws {
        let replica = try makeReplica()
        let id = try add(["name=王家"], to: replica)
        let unknown = #expect(throws: InputError.self) { try edit(id, ["colour=red"], in: replica) }
        #expect(unknown?.description == "account has no field 'colour'. Its fields are: name, tags, address, stage, parent_id, active.")
        #expect(throws: InputError.repeatedField(field: FieldName("name"))) { try edit(id, ["name=a", "name=b"], in: replica) }
        #expect(throws: InputError.setAndCleared(field: FieldName("active"))) {
            try edit(id, ["active=no"], clearing: ["active"], in: replica)
        }
        #expect(throws: InputError.nothingToChange(entity: Self.account.name)) { try edit(id, [], in: replica) }
    }
}
