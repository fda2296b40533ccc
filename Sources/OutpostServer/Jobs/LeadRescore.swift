import OutpostCore

/// The nightly rescore. A score counts a two-way contact in the last 7 days, so it
/// falls without any input changing, as the contact ages; and a lead written by a seed file
/// (an import) was never scored. Each night the leads followed up in the last 14 days (a
/// contact that aged out since the last run, with a week of missed runs to spare) and the
/// leads without a score are scored again; an unchanged score writes nothing.
enum LeadRescore {
    /// How far back a follow-up makes a lead worth scoring again.
    static let lookbackMilliseconds: Int64 = 14 * 86_400_000

    /// Scores the leads that may have changed into `workspace`.
    /// - Returns: how many leads' scores changed.
    static func run(in workspace: inout PlanWorkspace) -> Int {
        let now = workspace.serverNow
        var rescored = 0
        for state in ["unassigned", "private", "public"] {
            for (id, lead) in workspace.rows(.lead, where: FieldName("pool_state"), equals: .text(state)) where !lead.isDeleted {
                let unscored = (lead.values[FieldName("score")] ?? .null) == .null
                let followedUpLately = lead.values[FieldName("last_followup_at")]?.integerValue.map { now - $0 < lookbackMilliseconds } ?? false
                guard unscored || followedUpLately else { continue }
                let key = RowKey(entity: .lead, id: id)
                let before = lead.values[FieldName("score")]
                LeadScoring.recompute(key, in: &workspace)
                if workspace.row(key)?.values[FieldName("score")] != before { rescored += 1 }
            }
        }
        return rescored
    }
}
