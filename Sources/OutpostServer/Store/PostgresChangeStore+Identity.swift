import OutpostCore
import PostgresNIO

/// `IdentityStore` on PostgreSQL: the tables of migration 6.
extension PostgresChangeStore {
    public func user(withMobile mobile: String) async throws -> UserID? {
        guard let table = tables[.user] else { return nil }
        return try await client.withConnection { connection in
            let found = try await table.ids(where: FieldName("mobile"), in: [.text(mobile)], on: connection, logger: logger)
            return found[.text(mobile)]?.first.map { UserID($0.rawValue) }
        }
    }

    public func status(of user: UserID) async throws -> String? {
        // Asked before every push and pull: the one column, not the whole row and its stamps.
        guard let table = tables[.user] else { return nil }
        var binds = PostgresBindings(capacity: 1)
        binds.append(user.rawValue)
        let rows = try await client.query(PostgresQuery(unsafeSQL: "SELECT status FROM \"\(table.entity.name.rawValue)\" WHERE id = $1", binds: binds),
                                          logger: logger)
        for try await status in rows.decode(String?.self) { return status }
        return nil
    }

    public func passwordHash(of user: UserID) async throws -> String? {
        let rows = try await client.query("SELECT password_hash FROM credential WHERE user_id = \(user.rawValue)", logger: logger)
        for try await hash in rows.decode(String.self) { return hash }
        return nil
    }

    public func setPasswordHash(_ hash: String, of user: UserID, now: Int64) async throws {
        try await client.query("""
            INSERT INTO credential (user_id, password_hash, updated_at) VALUES (\(user.rawValue), \(hash), \(now))
            ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at
            """, logger: logger)
    }

    public func issueToken(hash: String, user: UserID, device: DeviceID, deviceName: String?, now: Int64) async throws {
        // Only the device's owner (or nobody yet) gets a row back from the upsert.
        let rows = try await client.query("""
            INSERT INTO device_token (device_id, token_hash, user_id, device_name, created_at)
            SELECT \(device.rawValue), \(hash), \(user.rawValue), \(deviceName), \(now)
            WHERE NOT EXISTS (SELECT 1 FROM device WHERE id = \(device.rawValue) AND user_id <> \(user.rawValue))
            ON CONFLICT (device_id) DO UPDATE SET token_hash = excluded.token_hash, device_name = excluded.device_name,
              created_at = excluded.created_at, last_used_at = NULL, revoked_at = NULL
            WHERE device_token.user_id = excluded.user_id
            RETURNING device_id
            """, logger: logger)
        var issued = false
        for try await _ in rows { issued = true }
        guard issued else { throw ServerError.deviceMismatch(device: device.rawValue) }
    }

    public func caller(forTokenHash hash: String, now: Int64) async throws -> AuthenticatedCaller? {
        let rows = try await client.query("""
            SELECT device_id, user_id, last_used_at, created_at FROM device_token WHERE token_hash = \(hash) AND revoked_at IS NULL
            """, logger: logger)
        var found: (caller: AuthenticatedCaller, lastUsed: Int64?)?
        for try await (device, user, lastUsed, signedInAt) in rows.decode((String, String, Int64?, Int64).self) {
            found = (AuthenticatedCaller(user: UserID(user), device: DeviceID(device), signedInAt: signedInAt), lastUsed)
        }
        guard let found else { return nil }
        // One write a minute per device at most: every request passes here.
        if found.lastUsed.map({ now - $0 >= DeviceTokenUse.recordingInterval }) ?? true {
            try await client.query("UPDATE device_token SET last_used_at = \(now) WHERE token_hash = \(hash)", logger: logger)
        }
        return found.caller
    }

    public func revokeToken(hash: String, now: Int64) async throws -> DeviceTokenRecord? {
        try await records(client.query("""
            UPDATE device_token SET revoked_at = \(now) WHERE token_hash = \(hash) AND revoked_at IS NULL RETURNING \(unescaped: Self.tokenColumns)
            """, logger: logger)).first
    }

    public func revokeDevice(_ device: DeviceID, now: Int64) async throws -> DeviceTokenRecord? {
        try await records(client.query("""
            UPDATE device_token SET revoked_at = \(now) WHERE device_id = \(device.rawValue) AND revoked_at IS NULL RETURNING \(unescaped: Self.tokenColumns)
            """, logger: logger)).first
    }

    public func revokeTokens(of user: UserID, now: Int64) async throws -> [DeviceTokenRecord] {
        try await records(client.query("""
            UPDATE device_token SET revoked_at = \(now) WHERE user_id = \(user.rawValue) AND revoked_at IS NULL RETURNING \(unescaped: Self.tokenColumns)
            """, logger: logger)).sorted { ($0.user.rawValue, $0.device.rawValue) < ($1.user.rawValue, $1.device.rawValue) }
    }

    public func deviceTokens(of user: UserID?) async throws -> [DeviceTokenRecord] {
        if let user {
            return try await records(client.query("""
                SELECT \(unescaped: Self.tokenColumns) FROM device_token WHERE user_id = \(user.rawValue) ORDER BY user_id, device_id
                """, logger: logger))
        }
        return try await records(client.query("SELECT \(unescaped: Self.tokenColumns) FROM device_token ORDER BY user_id, device_id", logger: logger))
    }

    public func quarantine(_ entries: [QuarantinedEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await client.query("""
            INSERT INTO quarantine (device_id, sequence, user_id, entity, row_id, target, value, clock, received_at)
            SELECT * FROM unnest(\(entries.map(\.device.rawValue))::text[], \(entries.map(\.sequence))::int8[],
              \(entries.map(\.user.rawValue))::text[], \(entries.map(\.entity.rawValue))::text[], \(entries.map(\.rowID.rawValue))::text[],
              \(entries.map(\.target))::text[], \(entries.map(\.valueJSON))::text[], \(entries.map(\.clock))::text[],
              \(entries.map(\.receivedAt))::int8[])
            ON CONFLICT (device_id, sequence) DO NOTHING
            """, logger: logger)
    }

    public func quarantinedEntries() async throws -> [QuarantinedEntry] {
        let rows = try await client.query("""
            SELECT device_id, sequence, user_id, entity, row_id, target, value, clock, received_at
            FROM quarantine ORDER BY device_id, sequence
            """, logger: logger)
        var entries: [QuarantinedEntry] = []
        for try await (device, sequence, user, entity, rowID, target, value, clock, receivedAt)
            in rows.decode((String, Int64, String, String, String, String, String, String, Int64).self) {
            entries.append(QuarantinedEntry(device: DeviceID(device), sequence: sequence, user: UserID(user), entity: EntityName(entity),
                                            rowID: RowID(rowID), target: target, valueJSON: value, clock: clock, receivedAt: receivedAt))
        }
        return entries
    }

    public func removeFromQuarantine(_ entries: [QuarantinedEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await client.query("""
            DELETE FROM quarantine q USING unnest(\(entries.map(\.device.rawValue))::text[], \(entries.map(\.sequence))::int8[]) AS r(device_id, sequence)
            WHERE q.device_id = r.device_id AND q.sequence = r.sequence
            """, logger: logger)
    }

    // MARK: - Private

    private static let tokenColumns = "device_id, user_id, device_name, created_at, last_used_at, revoked_at"

    private func records(_ rows: PostgresRowSequence) async throws -> [DeviceTokenRecord] {
        var records: [DeviceTokenRecord] = []
        for try await (device, user, name, createdAt, lastUsedAt, revokedAt)
            in rows.decode((String, String, String?, Int64, Int64?, Int64?).self) {
            records.append(DeviceTokenRecord(device: DeviceID(device), user: UserID(user), deviceName: name,
                                             createdAt: createdAt, lastUsedAt: lastUsedAt, revokedAt: revokedAt))
        }
        return records
    }
}
