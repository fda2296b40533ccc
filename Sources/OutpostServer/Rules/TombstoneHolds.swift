import OutpostCore

/// A deleted lead or customer comes back only through someone who may restore it (DOMAIN
/// §2.9, the permission `lead.delete`; protocol/scopes.md §6), by an undelete or by an edit
/// written after its tombstone (spec §9.6). An edit written after the tombstone by anyone
/// else stays beneath it (DOMAIN §3.2 rules 1 and 6), whichever of the two reached the server
/// first (DESIGN invariant 1): the server stamps the tombstone again just above the newest such
/// edit, and each such edit that the row now hides is a write its author lost, kept in the
/// conflict log under the rule `tombstone`, with the tombstone as the winner (invariant 2). An
/// undelete brings the edit back.
enum TombstoneHolds {
    /// The rule a held edit's conflict names.
    static let ruleName = "tombstone"

    /// Settles `key` after a write to it, when it holds a tombstone that fields written after it
    /// keep from deleting it. Those written by authors without `lead.delete` are put beneath it
    /// again (the same outcome whether the tombstone or the edit arrived first). If a holder's
    /// edit is still above it, that edit brought the row back: the server lifts the tombstone
    /// for good (`deleted = false`, by that holder, just above the tombstone), so the row stays
    /// live whoever edits it next, whichever arrived first.
    /// - Parameter written: the field just written, which counts as written after the
    ///   tombstone when it is above the tombstone the row was stored with, even if the
    ///   tombstone was since stamped again above an earlier field of the same push: that stamp
    ///   is just above the earlier field, and a later field of the same millisecond can fall
    ///   beneath it on the clocks' device tie-break (round 24).
    /// - Returns: the conflicts recorded, by field; none when nothing was held, or while the
    ///   authors' permissions still lack rows (`workspace.needs`: the plan runs again).
    static func settle(_ key: RowKey, written: FieldName? = nil, in workspace: inout PlanWorkspace) -> [FieldName: String] {
        guard WritePermission.deletionGated.contains(key.entity), let row = workspace.row(key), row.values[.deleted] == .bool(true),
              let tombstone = row.stamps[.deleted] else { return [:] }
        let stored = workspace.storedRow(key)
        let storedTombstone = stored?.values[.deleted] == .bool(true) ? stored?.stamps[.deleted]?.clock : nil
        func isAfterTheTombstone(_ field: FieldName, _ stamp: FieldStamp) -> Bool {
            stamp.clock > tombstone.clock || (field == written && storedTombstone.map { stamp.clock > $0 } == true)
        }
        var held: [FieldName] = [], holders: [FieldStamp] = []
        for (field, stamp) in row.stamps.byField.sorted(by: { $0.key < $1.key })
        where field != .deleted && stamp.author != .system && isAfterTheTombstone(field, stamp) {
            guard let permissions = ReaderScope.permissions(of: stamp.author, in: &workspace) else { return [:] }
            if permissions.contains(WritePermission.deletePermission) { holders.append(stamp) } else { held.append(field) }
        }
        guard !held.isEmpty || !holders.isEmpty else { return [:] }
        let newestHeld = held.compactMap { row.stamps[$0]?.clock }.max()
        guard let winner = workspace.keepDeleted(key, above: newestHeld ?? tombstone.clock) else { return [:] }
        if let reviver = holders.filter({ $0.clock > winner.clock }).max(by: { $0.clock < $1.clock }) {
            workspace.liftTombstone(key, by: reviver.author)
            return [:]
        }
        var conflicts: [FieldName: String] = [:]
        for field in held {
            guard let loser = row.version(of: field) else { continue }
            conflicts[field] = workspace.logConflict(ConflictRecord(entity: key.entity, rowID: key.id, field: field,
                                                                    winner: winner, loser: loser, rule: ruleName))
        }
        return conflicts
    }
}
