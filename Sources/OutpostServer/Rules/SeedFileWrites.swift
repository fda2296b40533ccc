import OutpostCore

/// What a seed file read at start (`outpost-server --demo`, `--seed FILE`) may write over: a
/// field it wrote itself and nobody wrote since, never a value a person, a command or a server
/// rule wrote after it (a claimed lead's `pool_state`, a session's `booked_count`, a converted
/// lead's `status`, a user an administrator disabled). The seed stamps its writes with its own
/// device, `SeedFileWrites.device`, so its last write is told from everyone else's by the stamp.
enum SeedFileWrites {
    /// The device stamped on every clock a seed file's write carries.
    static let device = DeviceID("seed")

    /// Whether a seed file may write `field` of `row` (nil: a new row): the field was never
    /// written, or it still holds the seed file's own last write. A changed seed file thus moves
    /// a value it set (a user to another branch), and leaves alone what others changed.
    static func mayWrite(_ field: FieldName, of row: RowState?) -> Bool {
        guard let stamp = row?.stamps[field] else { return true }
        return stamp.author == .system && stamp.clock.deviceID == device
    }
}
