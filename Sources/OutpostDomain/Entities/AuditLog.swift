import OutpostCore

extension OutpostSchema {
    /// An audit entry (审计日志): who exported, deleted or changed what (DOMAIN §1.14, R-10).
    /// Append-only: no role may edit or delete one.
    public enum AuditLog {
        /// What was done.
        public static let actions = [
            "export", "print", "delete", "undelete", "void_checkin", "reassign", "transfer", "claim", "release",
            "reclaim", "merge", "convert", "reopen", "lock", "unlock", "bulk_import", "field_change",
            "permission_denied", "view_masked_field", "mark_won", "mark_invalid", "book", "redact",
            // Identity (protocol/auth.md): sign-in and out, token revocation, password and status changes.
            "login", "login_failed", "logout", "token_revoked", "password_set", "user_disabled", "user_enabled",
            // Schema 5: team memberships of a record (R-8.1 b) granted, withdrawn, run out.
            "share", "unshare", "share_expired",
        ]

        /// The entity's schema. `before` and `after` hold the audited fields as JSON text.
        public static let schema = EntitySchema("audit_log", kind: .appendOnly, fields: [
            FieldSchema("actor_id", reference("user"), required: true, indexed: true),
            FieldSchema("device_id", .text(maximumLength: 128), required: true),
            FieldSchema("action", .enumeration(actions), required: true),
            FieldSchema("entity_type", .text(maximumLength: 64), required: true),
            FieldSchema("entity_ids", .list(of: .text(maximumLength: 64), maximumCount: 1_000)),
            FieldSchema("row_count", .integer(range: 0...1_000_000_000)),
            FieldSchema("query", .text(maximumLength: 2000)),
            FieldSchema("fields", .list(of: .text(maximumLength: 64), maximumCount: 200)),
            FieldSchema("before", .text(maximumLength: 20_000)),
            FieldSchema("after", .text(maximumLength: 20_000)),
            FieldSchema("occurred_at", .timestamp, required: true),
            FieldSchema("received_at", .timestamp, required: true, policy: .serverOwned),
            FieldSchema("client_ip", .text(maximumLength: 64), required: true, policy: .serverOwned),
            FieldSchema("result", .enumeration(["ok", "denied"]), required: true),
            FieldSchema("reason", .text(maximumLength: 500)),
            // The command that wrote the entry: a command id seen here is never executed again.
            FieldSchema("command_id", .text(maximumLength: 64), policy: .serverOwned, indexed: true),
        ])
    }
}
