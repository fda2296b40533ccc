import GRDB
import OutpostCore
import OutpostProtocol

extension Replica {
    /// Settles the field writes a disabled user's laptop handed over (rejected `user.disabled`,
    /// kept in the server's quarantine) that a manager has since released (auth.md §5).
    ///
    /// A released write reaches the server from this laptop's release device
    /// (`DeviceID.releaseDevice`) with the wall time and counter the laptop wrote it with, so
    /// it is recognised when it arrives here: the field's stamp carries that clock, and the
    /// entry becomes `applied`; or a conflict this user lost names it, and the entry becomes
    /// `superseded` with that conflict. An entry stays rejected while neither is here (still in
    /// the quarantine, discarded, or already overwritten by a later write), and so does a
    /// released command, which the server runs under an id of its own.
    /// - Parameter now: when the entries count as answered (ms since 1970).
    /// - Returns: how many entries were settled.
    @discardableResult
    public func settleReleasedEntries(answeredAt now: Int64 = WallClock.now()) throws -> Int {
        try database.write { db in
            let kept = try Row.fetchAll(db, sql: """
                SELECT * FROM journal WHERE state = 'rejected' AND code = ? AND command_id IS NULL ORDER BY sequence
                """, arguments: [ErrorCode.userDisabled.rawValue]).map(Self.journalEntry)
            guard !kept.isEmpty else { return 0 }
            let releaseDevice = try self.settings(in: db).deviceID.releaseDevice
            let settle = try db.cachedStatement(sql: """
                UPDATE journal SET state = ?, code = NULL, message = NULL, conflict_id = ?, answered_at = ? WHERE sequence = ?
                """)
            var settled = 0
            for entry in kept {
                let change = entry.change
                let released = HLCTimestamp(wallMilliseconds: change.clock.wallMilliseconds, counter: change.clock.counter,
                                            deviceID: releaseDevice)
                if let table = tables[change.entity], let row = try table.load(change.rowID, in: db),
                   row.stamps[change.field]?.clock == released {
                    try settle.execute(arguments: [JournalState.applied.rawValue, nil, now, entry.sequence])
                    settled += 1
                } else if let conflict = try String.fetchOne(db, sql: """
                    SELECT id FROM lost_conflict WHERE entity = ? AND row_id = ? AND field = ? AND my_clock = ?
                    """, arguments: [change.entity.rawValue, change.rowID.rawValue, change.field.rawValue, released.description]) {
                    try settle.execute(arguments: [JournalState.superseded.rawValue, conflict, now, entry.sequence])
                    settled += 1
                }
            }
            return settled
        }
    }
}
