import OutpostCore

/// Follows how a plan moves rows between scope keys: for every row the plan changed, its keys
/// before and after; and when a lead's or customer's keys change (a transfer, a claim, a
/// reclaim), every child whose keys follow it (contacts, opportunities, follow-ups, …), so
/// they arrive and leave together; and when a trial session changes teacher,
/// the appointments booked into it, which its teacher reads.
enum ScopeTracker {
    /// The scope changes of `changed` and of the children they move, reading through `workspace`.
    static func changes(of changed: some Sequence<RowKey>, in workspace: inout PlanWorkspace) -> [RowKey: ScopeChange] {
        let schema = workspace.schema
        var result: [RowKey: ScopeChange] = [:]
        var queue = changed.sorted()
        var seen = Set(queue)
        var index = 0
        while index < queue.count {
            let key = queue[index]
            index += 1
            let existed = workspace.existedBefore(key)
            let new = RowScopeRules.keys(of: key, schema: schema) { workspace.row($0) }
            let old = existed ? RowScopeRules.keys(of: key, schema: schema) { workspace.storedRow($0) } : []
            result[key] = ScopeChange(old: old, new: new)
            for child in appointmentsOfANewTeacher(key, existed: existed, in: &workspace) where seen.insert(child).inserted {
                queue.append(child)
            }
            guard old != new, RowScopeRules.isScoped(key.entity, schema: schema) else { continue }
            for link in RowScopeRules.childLinks(of: key.entity, schema: schema) {
                for (id, _) in workspace.rows(link.entity, where: link.field, equals: .text(key.id.rawValue), storedToo: existed) {
                    let child = RowKey(entity: link.entity, id: id)
                    if seen.insert(child).inserted { queue.append(child) }
                }
            }
        }
        return result
    }

    /// The appointments booked into `key` when it is a trial session whose teacher changed:
    /// their keys name the session's teacher (`RowScopeRules.sessionTeacher`).
    private static func appointmentsOfANewTeacher(_ key: RowKey, existed: Bool, in workspace: inout PlanWorkspace) -> [RowKey] {
        let teacher = FieldName("teacher_id")
        guard key.entity == .trialSession, existed, workspace.row(key)?.values[teacher] != workspace.storedRow(key)?.values[teacher] else { return [] }
        return workspace.rows(.appointment, where: FieldName("trial_session_id"), equals: .text(key.id.rawValue), storedToo: true)
            .map { RowKey(entity: .appointment, id: $0.0) }
    }
}
