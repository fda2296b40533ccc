import GRDB
import OutpostCore
import OutpostSQLite

extension SQLiteChangeStore {
    /// The scope of `user`, resolved from the organisation's rows; nil when the store holds
    /// no organisation (its schema has no users, or no user row was written yet), where
    /// everyone reads and writes everything, as before identity existed.
    func readerScope(for user: UserID, in db: Database) throws -> ReaderScope? {
        guard let users = tables[.user],
              try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM \"\(users.tableName)\")")) == true else { return nil }
        var snapshot = RowSnapshot()
        for _ in 0..<ReaderScope.maximumRounds {
            var workspace = PlanWorkspace(schema: schema, serverNow: 0, snapshot: snapshot, makeID: { "" })
            if let scope = ReaderScope.resolve(user, in: &workspace) { return scope }
            try load(workspace.needs, into: &snapshot, in: db)
        }
        throw ServerError.internalFailure
    }

    /// Files a written row under its scope keys at `position` (see `ScopeKey`): the keys it
    /// holds point at the new position (a key it just joined remembers when, so the row is
    /// delivered whole there), the keys it left get an eviction entry.
    func index(_ key: RowKey, _ change: ScopeChange, at position: Int64, in db: Database) throws {
        let join = try db.cachedStatement(sql: """
            INSERT INTO change_scope (key, entity, row_id, position, entered_at, gone) VALUES (?, ?, ?, ?, ?, 0)
            ON CONFLICT (key, entity, row_id) DO UPDATE SET position = excluded.position,
              entered_at = CASE WHEN change_scope.gone = 1 THEN excluded.position ELSE change_scope.entered_at END, gone = 0
            """)
        for scopeKey in change.new {
            try join.execute(arguments: [scopeKey.rawValue, key.entity.rawValue, key.id.rawValue, position, position])
        }
        let leave = try db.cachedStatement(sql: """
            UPDATE change_scope SET gone = 1, position = ? WHERE key = ? AND entity = ? AND row_id = ?
            """)
        for scopeKey in change.left {
            try leave.execute(arguments: [position, scopeKey.rawValue, key.entity.rawValue, key.id.rawValue])
        }
    }

    /// Builds the scope index of a store that had none (made before scopes): every row's keys
    /// as its rows say now, joined at its current position.
    static func buildScopeIndex(schema: Schema, tables: [EntityName: EntityTable], in db: Database) throws {
        var cache: [RowKey: RowState?] = [:]
        func read(_ key: RowKey) -> RowState? {
            if let cached = cache[key] { return cached }
            let row = try? tables[key.entity]?.load(key.id, in: db)
            cache[key] = .some(row ?? nil)
            return row ?? nil
        }
        let insert = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO change_scope (key, entity, row_id, position, entered_at, gone) VALUES (?, ?, ?, ?, ?, 0)
            """)
        for entry in try Row.fetchAll(db, sql: "SELECT position, entity, row_id FROM change_log ORDER BY position") {
            let key = RowKey(entity: EntityName(entry["entity"] as String), id: RowID(entry["row_id"] as String))
            let position: Int64 = entry["position"]
            for scopeKey in RowScopeRules.keys(of: key, schema: schema, read: read) {
                try insert.execute(arguments: [scopeKey.rawValue, key.entity.rawValue, key.id.rawValue, position, position])
            }
        }
    }
}
