import OutpostCore

/// An opportunity's outcome written before its latest reopen cannot beat the reopen (R-13.2;
/// DOMAIN §5 notes: a stale terminal write from before a reopen must not beat it).
///
/// The outcome travels as a plain word (protocol v1 and v2), so the epoch a write was based on
/// is read from what its writer had seen: its `base`, the outcome version the writer held. A
/// reopen stamps the outcome after it raises `reopen_epoch`, and a device's clock moves past
/// every clock it receives, so a writer that had seen the reopen holds that version or a later
/// one; a base older than the reopen (or none) means the write was made in an earlier epoch.
/// Such a write keeps the outcome in force since the reopen, whatever the precedence lattice
/// says (a stale `lost` does not undo the reopen's `open`), and goes to the conflict log under
/// the rule `reopenEpoch`, so its author sees it. The verdict depends only on the stored row
/// and the write: the same whichever of the write and the reopen reaches the server first (a
/// write arriving first is simply overridden by the reopen). Pure.
enum StaleOutcome {
    /// The rule name the conflict log records for a write made before the reopen.
    static let ruleName = "reopenEpoch"

    /// The policy that decides `change`: `declared`, unless `change` writes an opportunity's
    /// outcome on the basis of an epoch older than the opportunity's latest reopen.
    static func policy(for change: FieldChange, declared: MergePolicy, in row: RowState?) -> MergePolicy {
        guard change.entity == EntityName("opportunity"), change.field == FieldName("outcome"),
              let row, (row.values[FieldName("reopen_epoch")]?.integerValue ?? 0) > 0,
              let reopenedAt = row.stamps[FieldName("reopen_epoch")]?.clock,
              let current = row.version(of: change.field), current.clock > reopenedAt else { return declared }
        let sawTheReopen = change.base.map { $0 > reopenedAt } ?? false
        return sawTheReopen ? declared : MergePolicy(KeptSinceReopen())
    }
}

/// Keeps the outcome in force since the reopen against a write made before it.
private struct KeptSinceReopen: MergeRule {
    let name = StaleOutcome.ruleName

    func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision {
        guard let current else { return .takeIncoming(concurrentLoser: nil) }
        return incoming.clock == current.clock ? .alreadyApplied : .keepCurrent
    }
}
