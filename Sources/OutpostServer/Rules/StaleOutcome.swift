import OutpostCore

/// An opportunity's outcome, and its lost reason, written before its latest reopen cannot
/// beat the reopen (R-13.2; DOMAIN §5 notes: a stale terminal write from before a reopen must
/// not beat it: an open opportunity has no lost reason).
///
/// Both travel as plain values (protocol v1 and v2), so whether a write was made before the
/// reopen is read from what its writer had seen: its `base`, the version of the field the
/// writer held. A reopen stamps `reopen_epoch` above every clock of the row, then the outcome
/// `open` and the lost reason empty above that (`reopenedValues`, even when a field holds the
/// value already); a device's clock moves past every clock it receives, so a writer that had
/// seen the reopen holds those versions or later ones. A write was made before the reopen
/// when its base is
/// - none, or no newer than the reopen: a version the server held before it;
/// - or a write of the writer's own device that the server did not keep, newer than the
///   version in force (which is not the device's): after the reopen, that is a write that
///   lost to it (the reason a laptop rewrote after its stale `lost`, in the same push), and
///   the write built on it shares its verdict.
///
/// Such a write keeps the field's value in force since the reopen, whatever the precedence
/// lattice or the clocks say (a stale `lost` does not undo the reopen's `open`, nor does the
/// reason written with it or after it fill the emptied `lost_reason`), and goes to the
/// conflict log under the rule `reopenEpoch`, so its author sees it. The verdict depends only
/// on the stored row and the write: the same whichever of the write and the reopen reaches the
/// server first (a write arriving first is simply overridden by the reopen). Pure.
enum StaleOutcome {
    /// The rule name the conflict log records for a write made before the reopen.
    static let ruleName = "reopenEpoch"

    /// The field a reopen raises; its stamp tells when the latest reopen happened.
    static let reopenEpoch = FieldName("reopen_epoch")

    /// What a reopen writes to an opportunity, stamped after the new `reopen_epoch`: the
    /// outcome goes back to open, and the reason it was lost goes with the lost outcome.
    static let reopenedValues: [(field: FieldName, value: FieldValue)] = [
        (FieldName("outcome"), .text("open")),
        (FieldName("lost_reason"), .null),
    ]

    /// The policy that decides `change`: `declared`, unless `change` writes a field the reopen
    /// resets (`reopenedValues`) of an opportunity and was made before the opportunity's
    /// latest reopen.
    static func policy(for change: FieldChange, declared: MergePolicy, in row: RowState?) -> MergePolicy {
        guard change.entity == EntityName("opportunity"), reopenedValues.contains(where: { $0.field == change.field }),
              let row, (row.values[reopenEpoch]?.integerValue ?? 0) > 0,
              let reopenedAt = row.stamps[reopenEpoch]?.clock,
              let current = row.version(of: change.field), current.clock > reopenedAt else { return declared }
        guard let base = change.base, base > reopenedAt else { return MergePolicy(KeptSinceReopen()) }
        let device = change.version.clock.deviceID
        let buildsOnOwnLostWrite = base.deviceID == device && current.clock.deviceID != device && base > current.clock
        return buildsOnOwnLostWrite ? MergePolicy(KeptSinceReopen()) : declared
    }
}

/// Keeps the value in force since the reopen against a write made before it.
private struct KeptSinceReopen: MergeRule {
    let name = StaleOutcome.ruleName

    func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision {
        guard let current else { return .takeIncoming(concurrentLoser: nil) }
        return incoming.clock == current.clock ? .alreadyApplied : .keepCurrent
    }
}
