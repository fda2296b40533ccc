import Foundation
import GRDB
import OutpostCore
import OutpostDomain
@testable import OutpostServer
import OutpostSQLite
import OutpostTestSupport
import PostgresNIO
import Testing

/// Both stores index every field the schema declares indexed (lookup keys: mobiles, owners,
/// parent ids), and only those.
@Suite struct EntityIndexTests {
    private var expected: Set<String> {
        Set(OutpostSchema.current.entities.flatMap { entity in entity.indexedFields.map { "\(entity.name)_by_\($0.name)" } })
    }

    @Test func sqliteTablesHaveAnIndexPerIndexedField() throws {
        let queue = try DatabaseQueue()
        let names = try queue.write { db in
            for entity in OutpostSchema.current.entities { try EntityTable(entity).create(in: db) }
            return try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%\\_by\\_%' ESCAPE '\\'")
        }
        #expect(Set(names) == expected)
        #expect(expected.contains("lead_by_mobile"))
        #expect(expected.contains("follow_up_by_subject_id"))
    }

    @Test func postgresTablesHaveAnIndexPerIndexedField() async throws {
        try await withPostgresStores(1) { stores in
            let tables = OutpostSchema.current.entities.map(\.name.rawValue)
            let rows = try await stores[0].client.query(
                "SELECT indexname FROM pg_indexes WHERE tablename = ANY(\(tables)) AND indexname LIKE '%\\_by\\_%'")
            var names = Set<String>()
            for try await name in rows.decode(String.self) { names.insert(name) }
            #expect(names == expected)
        }
    }
}
