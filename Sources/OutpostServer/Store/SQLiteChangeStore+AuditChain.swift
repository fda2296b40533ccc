import GRDB
import OutpostCore

/// `AuditTrail` on SQLite.
extension SQLiteChangeStore {
    public func verifyAuditChain(lastHash: String?) async throws -> AuditChainReport {
        try await database.read { db in
            let entries = try Row.fetchAll(db, sql: "SELECT position, audit_id, hash FROM audit_chain ORDER BY position").map {
                AuditChainEntry(position: $0["position"], auditID: RowID($0["audit_id"] as String), hash: $0["hash"])
            }
            guard let table = self.tables[.auditLog] else { return AuditChainReport(checked: 0, broken: nil) }
            let ids = try String.fetchAll(db, sql: "SELECT id FROM audit_log").map { RowID($0) }
            let hidden = Set(try String.fetchAll(db, sql: "SELECT id FROM audit_log WHERE is_deleted <> 0").map { RowID($0) })
            return try AuditChain.verify(entries, rows: try table.load(ids, in: db), filled: try table.filledFields(in: db),
                                         markedDeleted: hidden, lastHash: lastHash)
        }
    }

    /// Links the plan's new audit_log rows into the chain, inside the write transaction that
    /// saves them (the single writer: chain order is commit order). A row already chained is
    /// left alone.
    func chainAuditRows(_ rows: [RowKey: RowState], in db: Database) throws {
        let audit = rows.filter { $0.key.entity == .auditLog }.sorted { $0.key < $1.key }
        guard !audit.isEmpty else { return }
        var previous = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM audit_chain ORDER BY position DESC LIMIT 1")) ?? AuditChain.genesis
        let insert = try db.cachedStatement(sql: "INSERT INTO audit_chain (audit_id, hash) VALUES (?, ?) ON CONFLICT (audit_id) DO NOTHING")
        for (key, state) in audit {
            let hash = try AuditChain.link(previous: previous, id: key.id, values: state.values)
            try insert.execute(arguments: [key.id.rawValue, hash])
            if db.changesCount > 0 { previous = hash }
        }
    }
}
