import GRDB
import OutpostCore

/// `IdentityStore` on SQLite: the tables of migration v5-identity.
extension SQLiteChangeStore {
    public func user(withMobile mobile: String) async throws -> UserID? {
        try await database.read { db in
            guard let table = self.tables[.user] else { return nil }
            let found = try table.ids(where: FieldName("mobile"), in: [.text(mobile)], in: db)
            return found[.text(mobile)]?.first.map { UserID($0.rawValue) }
        }
    }

    public func status(of user: UserID) async throws -> String? {
        // Asked before every push and pull: one cached query for the one column, not the whole row.
        guard let table = tables[.user] else { return nil }
        return try await database.read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM \"\(table.tableName)\" WHERE id = ?"), arguments: [user.rawValue])
        }
    }

    public func passwordHash(of user: UserID) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM credential WHERE user_id = ?", arguments: [user.rawValue])
        }
    }

    public func setPasswordHash(_ hash: String, of user: UserID, now: Int64) async throws {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO credential (user_id, password_hash, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at
                """, arguments: [user.rawValue, hash, now])
        }
    }

    public func issueToken(hash: String, user: UserID, device: DeviceID, deviceName: String?, now: Int64) async throws {
        try await database.write { db in
            let owners = try String.fetchAll(db, sql: """
                SELECT user_id FROM device WHERE id = ? UNION SELECT user_id FROM device_token WHERE device_id = ?
                """, arguments: [device.rawValue, device.rawValue])
            guard owners.allSatisfy({ $0 == user.rawValue }) else { throw ServerError.deviceMismatch(device: device.rawValue) }
            try db.execute(sql: """
                INSERT INTO device_token (device_id, token_hash, user_id, device_name, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (device_id) DO UPDATE SET token_hash = excluded.token_hash, device_name = excluded.device_name,
                  created_at = excluded.created_at, last_used_at = NULL, revoked_at = NULL
                """, arguments: [device.rawValue, hash, user.rawValue, deviceName, now])
        }
    }

    public func caller(forTokenHash hash: String, now: Int64) async throws -> AuthenticatedCaller? {
        let found = try await database.read { db -> (caller: AuthenticatedCaller, lastUsed: Int64?)? in
            let row = try Row.fetchOne(db, sql: "SELECT device_id, user_id, last_used_at, created_at FROM device_token WHERE token_hash = ? AND revoked_at IS NULL",
                                       arguments: [hash])
            return row.map { (AuthenticatedCaller(user: UserID($0["user_id"] as String), device: DeviceID($0["device_id"] as String),
                                                  signedInAt: $0["created_at"]), $0["last_used_at"]) }
        }
        guard let found else { return nil }
        // One write a minute per device at most: every request passes here, and the single
        // writer is for pushes.
        if found.lastUsed.map({ now - $0 >= DeviceTokenUse.recordingInterval }) ?? true {
            try await database.write { db in
                try db.execute(sql: "UPDATE device_token SET last_used_at = ? WHERE token_hash = ?", arguments: [now, hash])
            }
        }
        return found.caller
    }

    public func revokeToken(hash: String, now: Int64) async throws -> DeviceTokenRecord? {
        try await revoke(where: "token_hash = ?", arguments: [hash], now: now).first
    }

    public func revokeDevice(_ device: DeviceID, now: Int64) async throws -> DeviceTokenRecord? {
        try await revoke(where: "device_id = ?", arguments: [device.rawValue], now: now).first
    }

    public func revokeTokens(of user: UserID, now: Int64) async throws -> [DeviceTokenRecord] {
        try await revoke(where: "user_id = ?", arguments: [user.rawValue], now: now)
    }

    public func deviceTokens(of user: UserID?) async throws -> [DeviceTokenRecord] {
        try await database.read { db in
            let rows = if let user {
                try Row.fetchAll(db, sql: "SELECT * FROM device_token WHERE user_id = ? ORDER BY user_id, device_id", arguments: [user.rawValue])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM device_token ORDER BY user_id, device_id")
            }
            return rows.map(Self.tokenRecord)
        }
    }

    public func quarantine(_ entries: [QuarantinedEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await database.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO quarantine (device_id, sequence, user_id, entity, row_id, target, value, clock, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, sequence) DO NOTHING
                """)
            for entry in entries {
                try insert.execute(arguments: [entry.device.rawValue, entry.sequence, entry.user.rawValue, entry.entity.rawValue,
                                               entry.rowID.rawValue, entry.target, entry.valueJSON, entry.clock, entry.receivedAt])
            }
        }
    }

    public func quarantinedEntries() async throws -> [QuarantinedEntry] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM quarantine ORDER BY device_id, sequence").map { row in
                QuarantinedEntry(device: DeviceID(row["device_id"] as String), sequence: row["sequence"],
                                 user: UserID(row["user_id"] as String), entity: EntityName(row["entity"] as String),
                                 rowID: RowID(row["row_id"] as String), target: row["target"], valueJSON: row["value"],
                                 clock: row["clock"], receivedAt: row["received_at"])
            }
        }
    }

    public func removeFromQuarantine(_ entries: [QuarantinedEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await database.write { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM quarantine WHERE device_id = ? AND sequence = ?")
            for entry in entries {
                try delete.execute(arguments: [entry.device.rawValue, entry.sequence])
            }
        }
    }

    // MARK: - Private

    private func revoke(where condition: String, arguments: StatementArguments, now: Int64) async throws -> [DeviceTokenRecord] {
        try await database.write { db in
            let rows = try Row.fetchAll(db, sql: """
                UPDATE device_token SET revoked_at = \(now) WHERE \(condition) AND revoked_at IS NULL RETURNING *
                """, arguments: arguments)
            return rows.map(Self.tokenRecord).sorted { ($0.user.rawValue, $0.device.rawValue) < ($1.user.rawValue, $1.device.rawValue) }
        }
    }

    private static func tokenRecord(_ row: Row) -> DeviceTokenRecord {
        DeviceTokenRecord(device: DeviceID(row["device_id"] as String), user: UserID(row["user_id"] as String),
                          deviceName: row["device_name"], createdAt: row["created_at"],
                          lastUsedAt: row["last_used_at"], revokedAt: row["revoked_at"])
    }
}
