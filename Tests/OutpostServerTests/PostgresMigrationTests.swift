import OutpostCore
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import PostgresNIO
import Testing

/// The PostgreSQL schema is migrated at start, any number of times, and a server never runs
/// on a database that a newer server has migrated.
@Suite struct PostgresMigrationTests {
    @Test func migratingAgainKeepsTheDataAndChangesNothing() async throws {
        try await withPostgresStores(1) { stores in
            let store = stores[0]
            let device = DeviceID("m1")
            _ = try await store.apply(PushRequest(deviceID: device, changes: [
                PushChange(sequence: 1, entity: EntityName("lead"), rowID: RowID("lead-1"), field: FieldName("contact_name"),
                           value: .text("王妈妈"), clock: HLCTimestamp(wallMilliseconds: 1000, counter: 0, deviceID: device), base: nil),
            ]), author: UserID("u-wang"), serverNow: 2000)
            let before = try await store.pull(after: nil, limit: 10)
            try await store.migrate()
            try await store.migrate()
            #expect(try await store.pull(after: nil, limit: 10) == before)
            #expect(try await PostgresMigrations.migrate(schema: store.schema, client: store.client, logger: store.logger).isEmpty)
        }
    }

    @Test func aDatabaseMigratedByANewerServerIsRefusedWithAStableCode() async throws {
        try await withPostgresStores(1) { stores in
            let store = stores[0]
            try await store.client.query("INSERT INTO outpost_migration (version, name) VALUES (9999, 'from the future')")
            await #expect(throws: PostgresStoreError.databaseNewerThanServer(databaseVersion: 9999, serverVersion: Int(PostgresMigrations.all(schema: store.schema).map(\.version).max()!))) {
                try await store.migrate()
            }
            #expect(PostgresStoreError.databaseNewerThanServer(databaseVersion: 99, serverVersion: 3).code == "postgres_schema_too_new")
        }
    }
}
