import Foundation
import GRDB
import OutpostDomain
import OutpostServer
import OutpostTestSupport
import Testing

/// A server older than its store refuses to open it (a downgrade, round 26): a migration it does
/// not know changed something it would not keep up, such as a column it would leave unwritten.
@Suite struct SQLiteStoreDowngradeTests {
    @Test func aStoreMigratedByANewerServerIsRefusedAndLeftAsItIs() throws {
        let path = try makeTemporaryDirectory("outpost-downgrade").appendingPathComponent("store.sqlite").path
        _ = try SQLiteChangeStore(path: path, schema: OutpostSchema.current)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-a-newer-server')") }
        try queue.close()

        #expect(throws: SQLiteStoreError.storeNewerThanServer(path: path, unknownMigrations: ["v99-from-a-newer-server"])) {
            _ = try SQLiteChangeStore(path: path, schema: OutpostSchema.current)
        }
        let after = try DatabaseQueue(path: path)
        #expect(try after.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }.contains("v99-from-a-newer-server"))
        try after.close()
    }
}
