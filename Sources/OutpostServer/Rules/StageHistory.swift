import OutpostCore
import OutpostDomain

/// The opportunity's stage history (DOMAIN §1.7 OpportunityStageChange): one append-only
/// row per stage write, the superseded ones too (`accepted = false`), so a manager sees
/// every transition anyone made, in clock order.
enum StageHistory {
    /// The stage an earlier write of the opportunity's stage set, found by its clock: what
    /// an author saw when their write names that clock as its base.
    static func stage(of opportunity: RowKey, writtenAt clock: HLCTimestamp, in workspace: inout PlanWorkspace) -> String? {
        workspace.rows(.opportunityStageChange, where: FieldName("opportunity_id"), equals: .text(opportunity.id.rawValue))
            .first { $0.row.values[FieldName("hlc")]?.textValue == clock.description }?
            .row.values[FieldName("to_stage")]?.textValue
    }

    /// Marks as not accepted the transitions of `opportunity` that `stage` (a write just taken,
    /// whose author had seen the stage written at `base`) overtook: those of the same epoch to
    /// a lower stage that its author had not seen (written after `base`). So the history says
    /// the same whichever of two concurrent writes reached the server first (C8: Lily's lower
    /// stage is `accepted = false` though it came first; round 33).
    static func supersede(_ opportunity: RowKey, unseenSince base: HLCTimestamp, by stage: StageValue, in workspace: inout PlanWorkspace) {
        let stages = OutpostSchema.Opportunity.stages
        guard let rank = stages.firstIndex(of: stage.stage) else { return }
        let overtaken = workspace.rows(.opportunityStageChange, where: FieldName("opportunity_id"), equals: .text(opportunity.id.rawValue))
            .filter { _, row in
                guard row.values[FieldName("accepted")]?.boolValue == true,
                      row.values[FieldName("epoch")]?.integerValue == stage.epoch,
                      let clock = row.values[FieldName("hlc")]?.textValue.flatMap(HLCTimestamp.init), clock > base,
                      let to = row.values[FieldName("to_stage")]?.textValue, let toRank = stages.firstIndex(of: to) else { return false }
                return toRank < rank
            }
        for (id, _) in overtaken {
            workspace.serverWrite(RowKey(entity: .opportunityStageChange, id: id), ["accepted": .bool(false)])
        }
    }

    /// Appends one transition.
    static func record(opportunity: RowKey, from: String?, to: String, epoch: Int64, clock: HLCTimestamp,
                       author: UserID, accepted: Bool, in workspace: inout PlanWorkspace) {
        workspace.append(.opportunityStageChange, [
            "opportunity_id": .text(opportunity.id.rawValue),
            "from_stage": from.map(FieldValue.text) ?? .null,
            "to_stage": .text(to),
            "epoch": .integer(epoch),
            "hlc": .text(clock.description),
            "author_id": .text(author.rawValue),
            "accepted": .bool(accepted),
        ], author: author)
    }
}
