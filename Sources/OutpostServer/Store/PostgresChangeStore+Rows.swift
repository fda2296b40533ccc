import OutpostCore
import PostgresNIO

extension PostgresChangeStore {
    public func storedRow(_ id: RowID, of entity: EntityName) async throws -> RowState? {
        guard let table = tables[entity] else { return nil }
        return try await client.withConnection { connection in
            try await table.load([id], on: connection, logger: logger)[id]
        }
    }
}
