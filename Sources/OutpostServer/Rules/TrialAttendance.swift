import OutpostCore
import OutpostDomain

/// a family that attends a trial class has shown its intent. The server
/// - moves the family's open opportunities for that student (or for no student in
///   particular) to at least `intent_confirmed`, a forward-only write of its own with its
///   stage history and its audit entry, so no concurrent edit of a lower stage undoes it;
/// - counts the attendance as a follow-up of the lead or customer it is for: its
///   `last_followup_at` moves to the attendance's time, if that is later.
///
/// The score's +20 comes from `LeadScoring`, which reads the attended appointment.
enum TrialAttendance {
    /// The stage an attended trial moves an opportunity to, at least.
    static let confirmedStage = "intent_confirmed"

    /// Applies the effects of the attended appointment `key`, which happened at `time`.
    static func apply(to key: RowKey, at time: Int64, in workspace: inout PlanWorkspace) {
        guard let appointment = workspace.row(key), appointment.values[FieldName("kind")]?.textValue == "trial_class" else { return }
        let lead = appointment.values[FieldName("lead_id")]?.textValue
        let customer = appointment.values[FieldName("customer_id")]?.textValue
        for (entity, id) in [(EntityName.lead, lead), (.customer, customer)] {
            guard let id, let subject = workspace.row(RowKey(entity: entity, id: RowID(id))), !subject.isDeleted,
                  (subject.values[FieldName("last_followup_at")]?.integerValue ?? .min) < time else { continue }
            workspace.serverWrite(RowKey(entity: entity, id: RowID(id)), ["last_followup_at": .integer(time)])
        }
        let student = appointment.values[FieldName("student_id")]?.textValue
        var opportunities: [RowID: RowState] = [:]
        if let customer {
            for (id, row) in workspace.rows(.opportunity, where: FieldName("customer_id"), equals: .text(customer)) { opportunities[id] = row }
        }
        if let lead {
            for (id, row) in workspace.rows(.opportunity, where: FieldName("source_lead_id"), equals: .text(lead)) { opportunities[id] = row }
        }
        for (id, row) in opportunities.sorted(by: { $0.key < $1.key }) where !row.isDeleted && row.values[FieldName("outcome")]?.textValue == "open" {
            if let theirs = row.values[FieldName("student_id")]?.textValue, theirs != student { continue }
            confirmIntent(of: RowKey(entity: .opportunity, id: id), row: row, in: &workspace)
        }
    }

    /// Moves the opportunity to `confirmedStage` when it is at an earlier stage of its epoch.
    private static func confirmIntent(of key: RowKey, row: RowState, in workspace: inout PlanWorkspace) {
        let stages = OutpostSchema.Opportunity.stages
        guard let current = StageValue(row.values[FieldName("stage")] ?? .null),
              let at = stages.firstIndex(of: current.stage), let target = stages.firstIndex(of: confirmedStage), at < target else { return }
        let confirmed = StageValue(epoch: current.epoch, stage: confirmedStage).fieldValue
        workspace.serverWrite(key, ["stage": confirmed, "stage_changed_at": .integer(workspace.serverNow)])
        FieldChangeAudit.append(key, FieldName("stage"), before: current.fieldValue, after: confirmed, actor: PlanWorkspace.system,
                                device: PlanWorkspace.serverDevice, occurredAt: workspace.serverNow, in: &workspace)
        guard let clock = workspace.row(key)?.stamps[FieldName("stage")]?.clock else { return }
        StageHistory.record(opportunity: key, from: current.stage, to: confirmedStage, epoch: current.epoch, clock: clock,
                            author: PlanWorkspace.system, accepted: true, in: &workspace)
    }
}
