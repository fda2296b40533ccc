import Logging
import OutpostCore
import PostgresNIO

extension PostgresChangeStore {
    /// The scope of `user`, resolved from the organisation's rows; nil when the database holds
    /// no organisation (its schema has no users, or no user row was written yet), where
    /// everyone reads and writes everything, as before identity existed.
    func readerScope(for user: UserID, on connection: PostgresConnection) async throws -> ReaderScope? {
        guard let users = tables[.user] else { return nil }
        if !organisationExists.load(ordering: .relaxed) {
            let any = try await connection.query(PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \"\(users.entity.name.rawValue)\")"), logger: logger)
            var hasUsers = false
            for try await exists in any.decode(Bool.self) { hasUsers = exists }
            guard hasUsers else { return nil }
            organisationExists.store(true, ordering: .relaxed)
        }
        var snapshot = RowSnapshot()
        for _ in 0..<ReaderScope.maximumRounds {
            var workspace = PlanWorkspace(schema: schema, serverNow: 0, snapshot: snapshot, makeID: { "" })
            if let scope = ReaderScope.resolve(user, in: &workspace) { return scope }
            try await load(workspace.needs, into: &snapshot, locking: false, on: connection)
        }
        throw ServerError.internalFailure
    }

    /// What a row entering a scope key it already had an entry for does to that entry: it
    /// moves to the row's new position, and a key the row had left is entered anew.
    static let enterScopeConflictClause = """
        ON CONFLICT (key, entity, row_id) DO UPDATE SET position = excluded.position,
          entered_at = CASE WHEN change_scope.gone THEN excluded.position ELSE change_scope.entered_at END, gone = false
        """

    /// Files rows under their scope keys at known positions (see `ScopeKey` and the SQLite
    /// store's `index`): one statement for the keys rows hold, one for the keys they left. A
    /// push files its rows with its positions instead (`fenceAndTakePositions`).
    static func index(_ changes: some Collection<(key: RowKey, change: ScopeChange, position: Int64)>, on connection: PostgresConnection,
                      logger: Logger) async throws {
        var keys: [String] = [], entities: [String] = [], ids: [String] = [], positions: [Int64] = []
        var leftKeys: [String] = [], leftEntities: [String] = [], leftIDs: [String] = [], leftPositions: [Int64] = []
        for (row, change, position) in changes {
            for key in change.new.sorted() {
                keys.append(key.rawValue); entities.append(row.entity.rawValue); ids.append(row.id.rawValue); positions.append(position)
            }
            for key in change.left.sorted() {
                leftKeys.append(key.rawValue); leftEntities.append(row.entity.rawValue); leftIDs.append(row.id.rawValue); leftPositions.append(position)
            }
        }
        if !keys.isEmpty {
            try await connection.query("""
                INSERT INTO change_scope (key, entity, row_id, position, entered_at, gone)
                SELECT key, entity, row_id, position, position, false
                FROM unnest(\(keys)::text[], \(entities)::text[], \(ids)::text[], \(positions)::int8[]) AS entry(key, entity, row_id, position)
                \(unescaped: enterScopeConflictClause)
                """, logger: logger)
        }
        if !leftKeys.isEmpty {
            try await connection.query("""
                UPDATE change_scope SET gone = true, position = entry.position
                FROM unnest(\(leftKeys)::text[], \(leftEntities)::text[], \(leftIDs)::text[], \(leftPositions)::int8[]) AS entry(key, entity, row_id, position)
                WHERE change_scope.key = entry.key AND change_scope.entity = entry.entity AND change_scope.row_id = entry.row_id
                """, logger: logger)
        }
    }

    /// Builds the scope index of a database that had none (made before scopes): every row's
    /// keys as its rows say now, joined at its current position.
    static func buildScopeIndex(schema: Schema, on connection: PostgresConnection, logger: Logger) async throws {
        let tables = Dictionary(uniqueKeysWithValues: schema.entities.map { ($0.name, PostgresEntityTable($0)) })
        var entries: [(RowKey, Int64)] = []
        for try await (position, entity, id) in try await connection.query(
            "SELECT position, entity, row_id FROM change_log ORDER BY position", logger: logger).decode((Int64, String, String).self) {
            entries.append((RowKey(entity: EntityName(entity), id: RowID(id)), position))
        }
        var rows: [RowKey: RowState] = [:]
        for (entity, group) in Dictionary(grouping: entries.map(\.0), by: \.entity) {
            guard let table = tables[entity] else { continue }
            for (id, state) in try await table.load(group.map(\.id), on: connection, logger: logger) {
                rows[RowKey(entity: entity, id: id)] = state
            }
        }
        var changes: [(key: RowKey, change: ScopeChange, position: Int64)] = []
        for (key, position) in entries {
            changes.append((key, ScopeChange(old: [], new: RowScopeRules.keys(of: key, schema: schema) { rows[$0] }), position))
        }
        for start in stride(from: 0, to: changes.count, by: 5_000) {
            try await PostgresChangeStore.index(changes[start..<min(start + 5_000, changes.count)], on: connection, logger: logger)
        }
    }
}

/// The (key, entity, row id) triples of scope-index entries, as parallel arrays for `unnest`.
struct ScopeIndexRows {
    var keys: [String] = []
    var entities: [String] = []
    var ids: [String] = []

    /// One triple per key `keys` picks from each row's change (the keys it entered, or left).
    init(_ changes: [RowKey: ScopeChange], keys pick: (ScopeChange) -> Set<ScopeKey>) {
        for (row, change) in changes.sorted(by: { $0.key < $1.key }) {
            for key in pick(change).sorted() {
                keys.append(key.rawValue)
                entities.append(row.entity.rawValue)
                ids.append(row.id.rawValue)
            }
        }
    }
}
