import GRDB
import OutpostCore

extension Replica {
    /// Withholds the winning values of this user's lost conflicts on a row that left the
    /// user's scope, or on the given fields of it, which the user may no longer read (a pool
    /// hides them). The winning value is another user's write; what this user wrote, and that
    /// it lost, stay. The server withholds them the same way from conflicts fetched later
    /// (`winnerHidden`).
    /// - Parameter fields: the fields now hidden; nil for the whole row.
    func hideWinningValues(of entity: EntityName, row: RowID, fields: Set<String>? = nil, in db: Database) throws {
        let conflicts = try Row.fetchAll(db, sql: """
            SELECT id, field FROM lost_conflict WHERE entity = ? AND row_id = ? AND winner_hidden = 0
            """, arguments: [entity.rawValue, row.rawValue])
        for conflict in conflicts where fields.map({ $0.contains(conflict["field"] as String) }) ?? true {
            try Self.hideWinningValue(ofConflict: conflict["id"], in: db)
        }
    }

    /// Withholds the winning values of the lost conflicts on rows a restarted pull did not
    /// deliver (they left the user's scope): the rows `scope_seen` does not hold.
    func hideWinningValuesOfRowsNotSeen(in db: Database) throws {
        try db.execute(sql: """
            UPDATE lost_conflict SET winning_value = 'null', winner_hidden = 1
            WHERE winner_hidden = 0
              AND NOT EXISTS (SELECT 1 FROM scope_seen s WHERE s.entity = lost_conflict.entity AND s.row_id = lost_conflict.row_id)
            """)
    }

    private static func hideWinningValue(ofConflict id: String, in db: Database) throws {
        try db.execute(sql: "UPDATE lost_conflict SET winning_value = 'null', winner_hidden = 1 WHERE id = ?", arguments: [id])
    }
}
