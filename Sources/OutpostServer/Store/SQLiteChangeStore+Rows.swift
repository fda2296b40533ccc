import GRDB
import OutpostCore

extension SQLiteChangeStore {
    public func storedRow(_ id: RowID, of entity: EntityName) async throws -> RowState? {
        try await database.read { db in try self.tables[entity]?.load(id, in: db) }
    }
}
