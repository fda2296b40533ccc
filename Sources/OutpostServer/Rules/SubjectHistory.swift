import OutpostCore

/// A subject (lead, customer, opportunity) as it stood at an earlier instant, as far as who
/// could change it then (R-8.4 "write access at `occurred_at`"): its owner, pool state and
/// branch come from its ownership events, its team members from its shares.
///
/// - Ownership: the first ownership event after the instant tells who held the subject just
///   before it moved (`from_owner_id`, none: it was in the pool; `from_branch_id` when it
///   changed branch); with no event after the instant, the subject stands as it is now.
/// - Team members: a `record_share` was in force from its creation (the clock of its
///   `member_id`) until its `ended_at`, if any, with its `access` as it stands now (sharing
///   again with the same member changes the access of the share in force; the earlier level
///   is not kept).
///
/// The role scopes of managers are today's: the organisation tree keeps no history, so a team
/// lead is judged by whether the owner *at the instant* is someone they manage now.
enum SubjectHistory {
    /// The entities whose scope history ownership events and shares keep.
    static let subjects: Set<EntityName> = [.lead, .customer, .opportunity]

    /// The scope keys `subject` carried at `instant`, with its parents' keys as they are now;
    /// empty when the subject is not loaded yet.
    static func keys(of subject: RowKey, at instant: Int64, in workspace: inout PlanWorkspace) -> Set<ScopeKey> {
        guard let current = workspace.row(subject) else { return [] }
        let events = workspace.rows(.ownershipEvent, where: FieldName("subject_id"), equals: .text(subject.id.rawValue))
            .filter { $0.row.values[FieldName("subject_type")]?.textValue == subject.entity.rawValue }
        let shares = workspace.rows(.recordShare, where: FieldName("subject_id"), equals: .text(subject.id.rawValue))
            .filter { $0.row.values[FieldName("subject_type")]?.textValue == subject.entity.rawValue }
        let past = row(current, of: workspace.schema.entity(subject.entity), at: instant, events: events, shares: shares.map(\.row))
        return RowScopeRules.keys(of: subject, schema: workspace.schema) { $0 == subject ? past : workspace.row($0) }
    }

    /// `current` with the fields that decide its scope set back to what they were at
    /// `instant`. Pure: the caller loads the subject's ownership events and shares.
    static func row(_ current: RowState, of entity: EntitySchema?, at instant: Int64,
                    events: [(id: RowID, row: RowState)], shares: [RowState]) -> RowState {
        var past = current
        func declares(_ field: String) -> Bool { entity?.field(FieldName(field)) != nil }
        let next = events
            .filter { time($0.row) > instant }
            .min { (time($0.row), $0.id) < (time($1.row), $1.id) }?.row
        if let next {
            let owner = next.values[FieldName("from_owner_id")] ?? .null
            past.values[FieldName("owner_id")] = owner
            if declares("pool_state") { past.values[FieldName("pool_state")] = .text(owner == .null ? "public" : "private") }
            if let branch = next.values[FieldName("from_branch_id")], branch != .null, declares("branch_id") {
                past.values[FieldName("branch_id")] = branch
            }
        }
        for (field, access) in [("rw_member_ids", "read_write"), ("ro_member_ids", "read")] where declares(field) {
            let members = shares.filter { share in
                share.values[FieldName("access")]?.textValue == access && !share.isDeleted
                    && (share.stamps[FieldName("member_id")]?.clock.wallMilliseconds ?? .min) <= instant
                    && (share.values[FieldName("ended_at")]?.integerValue ?? .max) > instant
            }.compactMap { $0.values[FieldName("member_id")] }
            past.values[FieldName(field)] = .list(members)
        }
        return past
    }

    // MARK: - Private

    private static func time(_ row: RowState) -> Int64 { row.values[FieldName("server_time")]?.integerValue ?? 0 }
}
