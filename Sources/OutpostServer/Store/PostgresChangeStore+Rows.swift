import OutpostCore
import OutpostProtocol
import PostgresNIO

extension PostgresChangeStore {
    public func storedRow(_ id: RowID, of entity: EntityName) async throws -> RowState? {
        guard let table = tables[entity] else { return nil }
        return try await client.withConnection { connection in
            try await table.load([id], on: connection, logger: logger)[id]
        }
    }

    public func currentVersions(of changes: [PushChange], readableBy user: UserID) async throws -> [Int64: WireFieldVersion] {
        try await client.withConnection { connection in
            let scope = try await self.readerScope(for: user, on: connection)
            var snapshot = RowSnapshot()
            for _ in 0..<ReaderScope.maximumRounds {
                var workspace = PlanWorkspace(schema: self.schema, serverNow: 0, snapshot: snapshot, makeID: { "" })
                let versions = DisabledUserPush.currentVersions(of: changes, readableBy: scope, schema: self.schema, in: &workspace)
                if workspace.needs.isEmpty { return versions }
                try await self.load(workspace.needs, into: &snapshot, locking: false, on: connection)
            }
            throw ServerError.internalFailure
        }
    }
}
