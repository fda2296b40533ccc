import OutpostCore
import OutpostDomain

/// An accepted follow-up (DOMAIN §1.8, §3.2 rules 3 and 4): the server records when it
/// received it and who wrote it, re-points it along `merged_into_id` when its subject was merged, moves the
/// subject's `last_followup_at` (by `occurred_at`, which it clamps to the receipt time plus the
/// skew budget, DOMAIN §1.8: a laptop whose clock says 2030 cannot keep a lead from reclaim for
/// years, nor head its timeline), reverts a reclaim the follow-up proves wrong
/// (`ReclaimRevert`, R-6.7), and carries `next_followup_at` and `intent_level_after` to
/// the subject as writes stamped with the follow-up's own clock, so a later direct edit still
/// wins.
///
/// A follow-up by someone who does not own the subject now (a pool member's on a pool lead,
/// a team member's, a manager's, its previous owner's after a reclaim or transfer) is kept as
/// evidence, flagged `author_not_owner`, and never changes ownership. What it moves
/// depends on whether its author could change the subject when the call happened
/// (`SubjectHistory`: the owner then, a manager over that owner, a read-write team member then):
///
/// - `last_followup_at` moves when they had write access at `occurred_at`;
/// - the plans (`next_followup_at`, `intent_level`) move when they had write access both at
///   `occurred_at` and at the follow-up's clock, the time the plans are written with: someone
///   who lost the subject before typing the record cannot overwrite its new owner's plans.
///
/// The owner's own follow-ups always move all three. A plan write is merged with the `base`
/// the follow-up's plan field came with (spec §9.2), so it logs a conflict only against a
/// version of the subject's field its author had not seen.
enum FollowUpRules {
    /// How far ahead of receipt a follow-up may claim to have happened (DESIGN "Clocks").
    static let futureAllowanceMilliseconds: Int64 = 5 * 60 * 1000

    /// Applies the rules to the new follow-up `key`.
    /// - Parameters:
    ///   - scope: what the author may change; nil when the server has no organisation.
    ///   - planBases: the `base` of each plan field as pushed (`OutpostSchema.FollowUp.plans`).
    static func apply(to key: RowKey, author: UserID, scope: ReaderScope?, planBases: [FieldName: HLCTimestamp],
                      in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(key) else { return }
        let now = workspace.serverNow
        var values: [String: FieldValue] = ["received_at": .integer(now), "author_id": .text(author.rawValue)]
        let pushedOccurredAt = row.values[FieldName("occurred_at")]?.integerValue
        if let pushedOccurredAt, (row.values[FieldName("device_time")] ?? .null) == .null {
            // the laptop's reading is kept verbatim; a client older than schema 6 sends
            // none, and its `occurred_at` is that reading.
            values["device_time"] = .integer(pushedOccurredAt)
        }
        let occurredAt = pushedOccurredAt.map { min($0, now + futureAllowanceMilliseconds) }
        var flags: [FieldValue] = []
        if let occurredAt, occurredAt != row.values[FieldName("occurred_at")]?.integerValue {
            // DOMAIN §1.8 and C15: clamped, so a timeline is not led by 2030, and flagged.
            values["occurred_at"] = .integer(occurredAt)
            flags.append(.text("clock_skew"))
        }
        if let next = row.values[FieldName("next_followup_at")]?.integerValue, next < now {
            flags.append(.text("overdue"))   // planned for a time that passed before the push arrived
        }
        guard let subjectType = row.values[FieldName("subject_type")]?.textValue,
              let subjectID = row.values[FieldName("subject_id")]?.textValue else {
            if !flags.isEmpty { values["flags"] = .list(flags) }
            workspace.serverWrite(key, values)
            return
        }
        let subject = workspace.head(of: RowKey(entity: EntityName(subjectType), id: RowID(subjectID)))
        if subject.id.rawValue != subjectID { values["subject_id"] = .text(subject.id.rawValue) }
        if let occurredAt {
            // First, so a reclaim this follow-up proves wrong gives the subject back to its author.
            let writtenAt = row.stamps[FieldName("occurred_at")]?.clock.wallMilliseconds ?? now
            ReclaimRevert.apply(to: subject, followUp: key, followUpAt: occurredAt, writtenAt: writtenAt, author: author, in: &workspace)
        }
        let parent = workspace.row(subject)
        let isOwner = parent.map { isOwned(subject, row: $0, by: author, in: &workspace) } ?? true
        if !isOwner { flags.insert(.text("author_not_owner"), at: 0) }
        if !flags.isEmpty { values["flags"] = .list(flags) }
        workspace.serverWrite(key, values)
        guard let occurredAt, let parent else { return }
        // Without an organisation nothing is scoped: everyone may change every row.
        func hadWriteAccess(at instant: Int64) -> Bool {
            isOwner || scope.map { $0.mayWrite(SubjectHistory.keys(of: subject, at: instant, in: &workspace)) } ?? true
        }
        guard hadWriteAccess(at: occurredAt) else { return }
        let last = parent.values[FieldName("last_followup_at")]?.integerValue ?? .min
        if occurredAt > last {
            workspace.serverWrite(subject, ["last_followup_at": .integer(occurredAt)])
        }
        guard let clock = row.stamps[FieldName("occurred_at")]?.clock, hadWriteAccess(at: clock.wallMilliseconds),
              let entity = workspace.schema.entity(subject.entity) else { return }
        for (source, target) in OutpostSchema.FollowUp.plans {
            guard let value = row.values[source], value != .null, let field = entity.field(target) else { continue }
            _ = workspace.merge(FieldChange(entity: subject.entity, rowID: subject.id, field: field.name,
                                            version: FieldVersion(value: value, clock: clock, author: author), base: planBases[source]),
                                policy: field.policy)
            // A plan is the author's edit of the subject: it does not bring back a lead a manager
            // deleted, any more than typing the field would (round 33); it stays beneath the
            // tombstone, a write its author lost until a restore. Without an organisation anyone may.
            if scope != nil { _ = TombstoneHolds.settle(subject, written: field.name, in: &workspace) }
        }
    }

    // MARK: - Private

    /// Whether `author` owns the subject: its `owner_id` names them. A subject in the public
    /// pool is owned by nobody; a subject without an owner of its own (a contact) counts as
    /// its author's.
    private static func isOwned(_ subject: RowKey, row: RowState, by author: UserID, in workspace: inout PlanWorkspace) -> Bool {
        guard workspace.schema.entity(subject.entity)?.field(FieldName("owner_id")) != nil else { return true }
        return row.values[FieldName("owner_id")]?.textValue == author.rawValue
    }
}
