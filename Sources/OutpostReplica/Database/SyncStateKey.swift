/// The keys of the replica's `sync_state` table: its settings and what it knows of the server.
enum SyncStateKey: String {
    case serverURL = "server_url"
    case userID = "user_id"
    case token
    case deviceID = "device_id"
    /// The latest clock reading received (from a pull or a push answer). The readings this
    /// device issued are its journal entries' clocks (`Replica.clock(in:deviceID:)`).
    case clock = "hlc_latest"
    /// The journal sequence through which entries no longer count for the device's clock: a
    /// handshake restarted the clock after they were stamped far in the future.
    case clockRestartedAfter = "hlc_restarted_after"
    case cursor
    case serverOffset = "server_offset_ms"
    case lastSyncAt = "last_sync_at"
    case lastPushPosition = "last_push_position"
    /// The largest journal sequence handed to the transport (`Replica.recordSending`).
    case sentThrough = "sent_through"
    case conflictPosition = "conflict_position"
    case schemaFingerprint = "schema_fingerprint"
    /// The identity of the server database this replica syncs with, learnt at its first
    /// handshake (`HandshakeResponse.storeID`).
    case serverStoreID = "server_store_id"
    /// "1" while a pull the server restarted (the user's scope changed) is under way.
    case rescoping
    /// When the last commit with `synchronous = FULL` made every earlier commit durable.
    case durableAt = "durable_at"
}
