import GRDB
import OutpostCore
import OutpostProtocol

extension SQLiteChangeStore {
    public func storedRow(_ id: RowID, of entity: EntityName) async throws -> RowState? {
        try await database.read { db in try self.tables[entity]?.load(id, in: db) }
    }

    public func currentVersions(of changes: [PushChange], readableBy user: UserID) async throws -> [Int64: WireFieldVersion] {
        try await database.read { db in
            let scope = try self.readerScope(for: user, in: db)
            var snapshot = RowSnapshot()
            for _ in 0..<ReaderScope.maximumRounds {
                var workspace = PlanWorkspace(schema: self.schema, serverNow: 0, snapshot: snapshot, makeID: { "" })
                let versions = DisabledUserPush.currentVersions(of: changes, readableBy: scope, schema: self.schema, in: &workspace)
                if workspace.needs.isEmpty { return versions }
                try self.load(workspace.needs, into: &snapshot, in: db)
            }
            throw ServerError.internalFailure
        }
    }
}
