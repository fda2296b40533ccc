import OutpostCore

/// An opportunity's `win_probability` is derived from its stage (R-13.5, the proposal's
/// 10/30/60/100), never written by a device: whatever moved the stage (a write, `convert`,
/// `reopen`, `mark_won`), the probability follows it, down as well as up.
enum WinProbability {
    /// The probability of each stage, in percent.
    static let byStage: [String: Int64] = ["initial_contact": 10, "intent_confirmed": 30, "negotiation": 60, "won": 100]

    /// Derives the probability of every opportunity the plan changed.
    static func derive(for changed: some Sequence<RowKey>, in workspace: inout PlanWorkspace) {
        for key in changed where key.entity == .opportunity {
            guard let row = workspace.row(key), !row.isDeleted,
                  let stage = StageValue(row.values[FieldName("stage")] ?? .null)?.stage, let probability = byStage[stage] else { continue }
            workspace.serverWrite(key, ["win_probability": .integer(probability)])
        }
    }
}
