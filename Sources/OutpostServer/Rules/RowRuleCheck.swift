import OutpostCore
import OutpostDomain
import OutpostProtocol

/// Whole-row validation of a push (R-1.1 and the other row rules of the schema): a row is
/// judged with every value this push writes to it, and when it breaks a rule, every write of
/// the push to that row is refused with the rule's code, so no half-made row is stored. A
/// write refused on its own (its field's rule, another of the server's rules, a server-owned
/// field of an existing row, or its author's permission) is no value of the row: a new row
/// whose required field was refused lacks it (`validation.required`), and the other writes of
/// an existing row are judged without it.
struct RowRuleCheck {
    let schema: Schema
    /// What the author may change; nil when the server has no organisation.
    let permission: WritePermission?

    /// The refusal of each write to a row that breaks a rule, by sequence.
    /// - Parameter refused: the writes other rules refused (`AppointmentRules`), by sequence. A
    ///   row that lacks a field because its write was refused says so, with that refusal's reason.
    func refusals(of changes: [PushChange], besides refused: [Int64: PushResult], in workspace: inout PlanWorkspace) -> [Int64: PushResult] {
        var byRow: [RowKey: [PushChange]] = [:]
        for change in changes where schema.entity(change.entity) != nil {
            byRow[RowKey(entity: change.entity, id: change.rowID), default: []].append(change)
        }
        var refusals: [Int64: PushResult] = [:]
        for (key, writes) in byRow {
            guard let entity = schema.entity(key.entity) else { continue }
            let stored = workspace.row(key)
            var values = stored?.values ?? [:]
            var valid: [(write: PushChange, value: FieldValue)] = []
            for write in writes where refused[write.sequence] == nil {
                // A write that breaks its field's own rule is refused with that rule's code, and
                // one of a command-only value (`field.command_only`) or of a server-owned field
                // of an existing row (`change.server_owned_field`) when it is applied.
                guard let checked = try? schema.validate(entity: write.entity, field: write.field, value: write.value),
                      CommandOnlyValues.refusal(writing: checked.value, to: write.field, of: write.entity) == nil,
                      stored == nil || entity.field(write.field)?.policy.name != MergePolicy.serverOwned.name else { continue }
                values[write.field] = checked.value
                valid.append((write, checked.value))
            }
            // Only a problem this push adds: a row that already broke a rule may still take
            // unrelated edits (the same judgement as the laptop's). The row as it was is judged
            // only when the row as written has a problem.
            var after = entity.problems(in: values, isNew: stored == nil)
            guard !after.isEmpty else { continue }
            if let stored, let permission {
                // Writes the author may not make are refused for that when they are applied:
                // the row is judged without them (asked only here, for a row with a problem).
                let permitted = valid.filter { permission.refusal(writing: $0.write.field, value: $0.write.value, of: key, in: &workspace) == nil }
                if permitted.count < valid.count {
                    valid = permitted
                    values = stored.values
                    for (write, value) in permitted {
                        values[write.field] = value
                    }
                    after = entity.problems(in: values, isNew: false)
                    guard !after.isEmpty else { continue }
                }
            }
            let before = stored.map { entity.problems(in: $0.values, isNew: false) } ?? []
            guard let problem = after.first(where: { !before.contains($0) }) else { continue }
            let refusedWrite = writes.lazy.filter { $0.field == problem.field }.compactMap { refused[$0.sequence] }.first
            let message = Self.message(of: problem, refusedWrite: refusedWrite)
            for (write, _) in valid {
                refusals[write.sequence] = PushResult(sequence: write.sequence, status: .rejected,
                                                      code: ErrorCode(rawValue: problem.code), message: message)
            }
        }
        return refusals
    }

    /// The problem's message, followed, when the push's own write of the field was refused, by why.
    private static func message(of problem: RowProblem, refusedWrite: PushResult?) -> String {
        guard let reason = refusedWrite?.message else { return problem.message }
        return problem.message + " This push's '\(problem.field)' was refused: \(reason)"
    }
}
