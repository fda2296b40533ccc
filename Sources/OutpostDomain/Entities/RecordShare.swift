import OutpostCore

extension OutpostSchema {
    /// A team membership of a lead or customer (R-8.1 b, WK `wk_crm_team_members`): `member_id`
    /// reads the record (`read`) or also edits it (`read_write`) until `expires_at`. The server
    /// writes it through the `share` and `unshare` commands and ends it when it expires; the
    /// record's `rw_member_ids` / `ro_member_ids` hold the members whose share is active, which
    /// is what scopes read (R-8.3: an ended share evicts the record from the member's replica).
    ///
    /// The member is named `member_id`, not `user_id`: a share is not a fact its member wrote
    /// and so does not stay with them after it ends.
    public enum RecordShare {
        /// What a member may do.
        public static let accessLevels = ["read", "read_write"]

        /// The entity's schema; a child of its subject, so it follows the subject's scope.
        public static let schema = EntitySchema("record_share", fields: [
            FieldSchema("subject_type", .enumeration(["lead", "customer"]), required: true, policy: .serverOwned),
            FieldSchema("subject_id", .text(maximumLength: 64), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("member_id", reference("user"), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("access", .enumeration(accessLevels), required: true, policy: .serverOwned),
            FieldSchema("expires_at", .timestamp, policy: .serverOwned),
            FieldSchema("status", .enumeration(["active", "expired", "revoked"]), required: true, policy: .serverOwned, indexed: true),
            FieldSchema("granted_by", reference("user"), required: true, policy: .serverOwned),
            FieldSchema("ended_at", .timestamp, policy: .serverOwned),
        ])
    }
}
