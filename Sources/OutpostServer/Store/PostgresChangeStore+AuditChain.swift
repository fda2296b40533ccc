import OutpostCore
import PostgresNIO

/// `AuditTrail` on PostgreSQL.
extension PostgresChangeStore {
    public func verifyAuditChain(lastHash: String?) async throws -> AuditChainReport {
        try await PostgresTransaction.run(on: client, isolation: .repeatableReadOnly, logger: logger) { connection in
            var entries: [AuditChainEntry] = []
            let rows = try await connection.query("SELECT position, audit_id, hash FROM audit_chain ORDER BY position", logger: logger)
            for try await (position, auditID, hash) in rows.decode((Int64, String, String).self) {
                entries.append(AuditChainEntry(position: position, auditID: RowID(auditID), hash: hash))
            }
            guard let table = tables[.auditLog] else { return AuditChainReport(checked: 0, broken: nil) }
            var ids: [RowID] = []
            for try await id in try await connection.query("SELECT id FROM audit_log", logger: logger).decode(String.self) {
                ids.append(RowID(id))
            }
            var hidden: Set<RowID> = []
            for try await id in try await connection.query("SELECT id FROM audit_log WHERE is_deleted", logger: logger).decode(String.self) {
                hidden.insert(RowID(id))
            }
            return try AuditChain.verify(entries, rows: try await table.load(ids, on: connection, logger: logger),
                                         filled: try await table.filledFields(on: connection, logger: logger),
                                         markedDeleted: hidden, lastHash: lastHash)
        }
    }

    /// Links the new audit_log rows among `rows` into the chain. Runs inside the push's
    /// transaction under `PostgresAdvisoryLock.commitOrder`, so chain order is commit order across
    /// processes. A row already chained is left alone.
    func chainAuditRows(_ rows: [(key: RowKey, value: RowState)], on connection: PostgresConnection) async throws {
        let audit = rows.filter { $0.key.entity == .auditLog }.sorted { $0.key < $1.key }
        guard !audit.isEmpty else { return }
        var previous = AuditChain.genesis
        for try await hash in try await connection.query("SELECT hash FROM audit_chain ORDER BY position DESC LIMIT 1", logger: logger)
            .decode(String.self) {
            previous = hash
        }
        for (key, state) in audit {
            let hash = try AuditChain.link(previous: previous, id: key.id, values: state.values)
            var inserted = false
            for try await _ in try await connection.query("""
                INSERT INTO audit_chain (audit_id, hash) VALUES (\(key.id.rawValue), \(hash)) ON CONFLICT (audit_id) DO NOTHING RETURNING position
                """, logger: logger) {
                inserted = true
            }
            if inserted { previous = hash }
        }
    }
}
