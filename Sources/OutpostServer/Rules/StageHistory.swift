import OutpostCore

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
