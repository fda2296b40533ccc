import GRDB
import OutpostCore

extension Replica {
    /// The row `id` of `entity` as stored locally (deleted rows included), or nil.
    public func row(_ entity: EntityName, id: RowID) throws -> RowState? {
        guard let table = tables[entity] else { return nil }
        return try database.read { db in try table.load(id, in: db) }
    }

    /// Every row of `entity`, oldest id first; deleted rows only when asked for.
    public func rows(_ entity: EntityName, includingDeleted: Bool = false) throws -> [(id: RowID, state: RowState)] {
        guard let table = tables[entity] else { return [] }
        let filter = includingDeleted ? "" : " WHERE is_deleted = 0"
        return try database.read { db in
            try Row.fetchAll(db, sql: "SELECT \(table.columnList) FROM \"\(table.tableName)\"\(filter) ORDER BY id").map { row in
                let (id, state) = try table.decode(row)
                return (id, state)
            }
        }
    }

    /// The fewest characters of an id that `resolveID` matches the start or end of an id with.
    public static let shortestPartialID = 4

    /// Finds the row of `entity` whose id is `prefix`, or else the one row whose id starts or
    /// ends with it (people type the short ids that tables show: a UUIDv7's random tail, or
    /// its leading characters), when it is at least `shortestPartialID` characters long: a
    /// slip of one or two characters finds no row rather than someone else's. An id typed
    /// whole is never ambiguous, even when it begins another (`u-li` beside `u-lily`).
    /// - Throws: `ReplicaError.noSuchRow` or `.ambiguousID`.
    public func resolveID(_ entity: EntityName, prefix: String) throws -> RowID {
        guard let table = tables[entity], !prefix.isEmpty else { throw ReplicaError.noSuchRow(entity: entity, id: prefix) }
        let literal = prefix.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        let matches = try database.read { db in
            if let exact = try String.fetchOne(db, sql: "SELECT id FROM \"\(table.tableName)\" WHERE id = ?", arguments: [prefix]) {
                return [exact]
            }
            guard prefix.count >= Self.shortestPartialID else { return [] }
            return try String.fetchAll(db, sql: """
                SELECT id FROM "\(table.tableName)" WHERE id LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\' LIMIT 2
                """, arguments: [literal + "%", "%" + literal])
        }
        switch matches.count {
        case 0: throw ReplicaError.noSuchRow(entity: entity, id: prefix)
        case 1: return RowID(matches[0])
        default: throw ReplicaError.ambiguousID(entity: entity, prefix: prefix, matches: matches.count)
        }
    }
}
