import Foundation
import GRDB
import OutpostCore
import OutpostDomain
@testable import OutpostReplica
import OutpostSQLite
import OutpostTestSupport
import Testing

/// A replica keeps no index on its entity tables' fields: it reads rows by id, or all of them,
/// never by a field's value, and every such index cost each pulled row and each edit of its
/// field an entry to write (migration v7). The server's tables keep them for its lookups.
@Suite struct ReplicaFieldIndexTests {
    private let lead = EntityName("lead")

    /// The indexes made by statements (SQLite's own for primary keys have none) on the tables of `schema`.
    private func fieldIndexes(in db: Database, schema: Schema = OutpostSchema.current) throws -> [String] {
        try schema.entities.flatMap { entity in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                                arguments: [entity.name.rawValue])
        }
    }

    @Test func aNewReplicaHasNoFieldIndexesWhereAServerTableHasThem() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        let replica = try Replica(path: path)
        #expect(try replica.database.read { db in try fieldIndexes(in: db) }.isEmpty)

        let serverTables = try DatabaseQueue()
        try serverTables.write { db in try EntityTable(OutpostSchema.lead).create(in: db) }
        #expect(try serverTables.read { db in try fieldIndexes(in: db) }.contains("lead_by_mobile"))
    }

    @Test func aReplicaMadeBeforeV7LosesItsFieldIndexesAndKeepsItsRows() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        let id: RowID
        do {
            let pool = try DatabasePool(path: path)
            try ReplicaMigrations.makeMigrator(schema: OutpostSchema.current).migrate(pool, upTo: "v6-journal-sequence-without-autoincrement")
            // Before v7, the entity tables were made with the schema's field indexes.
            try pool.write { db in
                for entity in OutpostSchema.current.entities { try EntityTable(entity).create(in: db) }
            }
            #expect(try pool.read { db in try fieldIndexes(in: db) }.contains("lead_by_mobile"))
        }
        do {
            let replica = try Replica(path: path)
            _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
            id = try replica.create(lead, values: [FieldName("contact_name"): .text("王妈妈"), FieldName("mobile"): .text("13812345678"),
                                                   FieldName("source_channel"): .text("walk_in")], now: 1_000)
            #expect(try replica.database.read { db in try fieldIndexes(in: db) }.isEmpty)
        }
        let reopened = try Replica(path: path)
        try reopened.update(lead, id: id, values: [FieldName("mobile"): .text("13900001111")])
        #expect(try reopened.row(lead, id: id)?.values[FieldName("mobile")] == .text("13900001111"))
        #expect(try reopened.passesIntegrityCheck())
    }
}
