import OutpostCore
import OutpostDomain
import OutpostProtocol

/// Permission before merge (DOMAIN §3.2 rule 1, R-8.x, §2.9): a write its author could not make
/// at the server, at apply time, is refused with a stable code and stays visible on the device;
/// it never reaches the merge, so it is never a losing merge.
///
/// - `permission.not_owner`: the row is someone else's now (it was reassigned, or the author
///   only reads it: a pool row, a read-only team membership);
/// - `permission.not_in_scope`: the author may not see the row at all (another branch,
///   another company, a made-up id);
/// - `permission.field_read_only`: the author may change the row but not this field
///   (a salesperson's attribution fields after the first sync; a field every role of the
///   author marks `read` or `hidden`);
/// - `permission.not_allowed`: organisation rows by anyone `OrganisationEditing` does not
///   let change them (org units: head office only; users: head office, or the manager of
///   their branch, one's own name and the allocation weight of the people a team lead
///   manages excepted; pools, courses, …: a branch manager or head office); deleting a lead
///   or customer without the permission `lead.delete` (DOMAIN §2.9: salespeople mark leads
///   invalid or release them instead).
///
/// An appointment's `teacher_feedback` (老师点评, DOMAIN §1.9 "LWW (teacher only)") is written
/// only by a user whose position is `teacher`, and, for a trial class whose session names its
/// teacher, by that teacher (`permission.field_read_only`). That teacher reads the appointment
/// (`RowScopeRules`) and writes its `status` (attendance) and `teacher_feedback`, nothing else.
///
/// A notification is its recipient's alone: anyone else's write to it is refused, even a
/// team lead's, who reads it (`OutpostSchema.Notification.refusal`).
///
/// Facts (follow-ups, check-ins) about a subject the author no longer holds are accepted when
/// the author held it before, still reads it, or was its team member when the fact happened
/// or within `factGraceMilliseconds` before the server received it (R-8.4); the server flags
/// them `author_not_owner`.
struct WritePermission {
    let schema: Schema
    let author: ReaderScope

    /// Attribution fields a salesperson writes only when creating the row (§2.9).
    static let setAtCreateBySales: Set<FieldName> = [FieldName("source_channel"), FieldName("referrer_customer_id"), FieldName("campaign_id")]
    /// Positions that sell (and so may not change attribution after the first sync).
    static let salesPositions: Set<String> = ["course_consultant", "ground_sales"]
    /// Facts an author keeps writing about a subject they held before (R-8.4).
    static let facts: Set<EntityName> = [.followUp, .checkIn]
    /// Entities whose rows only the server's commands and rules create: notifications (scopes.md
    /// §7), de-dup links, ownership events and team memberships (`share`).
    static let createdByTheServerOnly: Set<EntityName> = [.notification, .suspectedDuplicate, .ownershipEvent, .recordShare]
    /// Entities whose tombstone needs `deletePermission` (DOMAIN §2.9).
    static let deletionGated: Set<EntityName> = [.lead, .customer]
    /// The permission that lets a user delete a lead or customer.
    static let deletePermission = CommandPermission.delete
    /// The appointment field only a teacher writes (DOMAIN §1.9).
    static let teacherFeedback = FieldName("teacher_feedback")
    /// Whether writing `value` to `field` of an appointment is what the teacher of its trial
    /// session records though the appointment is not theirs (they read it through their
    /// `reader` key): whether the family came (`attended`, `no_show`), and their feedback.
    static func isTeachersRecord(_ field: FieldName, _ value: FieldValue) -> Bool {
        field == teacherFeedback || (field == FieldName("status") && AppointmentRules.attendanceStatuses.contains(value.textValue ?? ""))
    }
    /// The position that writes `teacherFeedback`.
    static let teacherPosition = "teacher"
    /// How long after a team membership ends its member's facts are still accepted (R-8.4
    /// `fact_grace_days`, 7).
    static let factGraceMilliseconds: Int64 = 7 * 86_400_000

    /// The refusals of every write that creates a row the author may not create, by
    /// sequence, judged with the whole new row (its parent may be named by any of its writes).
    func refusals(of changes: [PushChange], in workspace: inout PlanWorkspace) -> [Int64: PushResult] {
        var newRows: [RowKey: [PushChange]] = [:]
        var order: [RowKey] = []
        for change in changes where schema.entity(change.entity) != nil {
            let key = RowKey(entity: change.entity, id: change.rowID)
            if newRows[key] == nil {
                guard workspace.row(key) == nil, workspace.snapshot.stored(key) != nil else { continue }   // exists, or not loaded yet
                order.append(key)
            }
            newRows[key, default: []].append(change)
        }
        var refusals: [Int64: PushResult] = [:]
        for key in order {
            let writes = newRows[key] ?? []
            var row = RowState()
            for write in writes { row.values[write.field] = write.value }
            guard let refusal = creationRefusal(key, row: row, createdTogether: Set(order), in: &workspace) else { continue }
            for write in writes {
                refusals[write.sequence] = PushResult(sequence: write.sequence, status: .rejected,
                                                      code: ErrorCode(rawValue: refusal.code), message: refusal.message)
            }
        }
        return refusals
    }

    /// Why the author may not write `value` to `field` of the existing row `key`, or nil when they may.
    func refusal(writing field: FieldName, value: FieldValue, of key: RowKey, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        if key.entity == .appointment, field == Self.teacherFeedback, let refusal = teacherFeedbackRefusal(of: key, in: &workspace) {
            return refusal
        }
        // A row this push creates was judged whole by `refusals`.
        guard workspace.existedBefore(key), let row = workspace.row(key) else { return nil }
        if let refusal = serverRowRefusal(writing: field, of: key) { return refusal }
        guard RowScopeRules.isScoped(key.entity, schema: schema) else { return organisationRefusal(key, field: field, in: &workspace) }
        let keys = RowScopeRules.keys(of: key, schema: schema) { workspace.row($0) }
        if key.entity == .notification,
           let refusal = OutpostSchema.Notification.refusal(writingTo: row.values, by: author.user.rawValue, readsIt: author.mayRead(keys)) {
            return CommandRefusal(code: refusal.code, message: refusal.message)
        }
        // Deleting needs its permission whatever the row (a pool row a salesperson reads too):
        // said first, since claiming or owning it would not help.
        if author.mayRead(keys), let refusal = deletionRefusal(writing: field, value: value, of: key, row: row) {
            return refusal
        }
        if author.mayWrite(keys) {
            let level = author.access(to: field, of: key.entity)
            if level < .write {
                return CommandRefusal(code: "permission.field_read_only",
                                      message: "Your role lets you \(level == .hidden ? "neither see nor change" : "read but not change") '\(field)' of a \(key.entity); your change was not applied. Ask a manager.")
            }
            if Self.salesPositions.contains(author.position ?? ""), Self.setAtCreateBySales.contains(field),
               [EntityName.lead, .customer].contains(key.entity) {
                return CommandRefusal(code: "permission.field_read_only",
                                      message: "'\(field)' of a \(key.entity) is set when it is created; after that only a team lead or manager may change it.")
            }
            return nil
        }
        if key.entity == .appointment, Self.isTeachersRecord(field, value),
           RowScopeRules.sessionTeacher(of: row, read: { workspace.row($0) }) == author.user.rawValue {
            return nil
        }
        return outOfScopeRefusal(key, row: row, keys: keys, in: &workspace)
    }

    /// Whether the author could change `key` at `instant`, though not now: a released entry of
    /// a leaver (R-10.3 "apply it as theirs") was written while the record was theirs, before
    /// a handover or transfer made it someone else's (round 33: such entries stayed refused).
    /// Judged by the record's own history (`SubjectHistory`), or its parent's for a child; only
    /// up to the author's cut-off (`disabled_at`).
    func couldWrite(_ key: RowKey, at instant: Int64, in workspace: inout PlanWorkspace) -> Bool {
        let cutOff = workspace.row(RowKey(entity: .user, id: RowID(author.user.rawValue)))?.values[FieldName("disabled_at")]?.integerValue
        guard instant <= cutOff ?? workspace.serverNow, let row = workspace.row(key) else { return false }
        var subject = key
        if !SubjectHistory.subjects.contains(key.entity) {
            guard let parent = RowScopeRules.parentFields.first(where: { row.values[FieldName($0.field)]?.textValue != nil }),
                  let id = row.values[FieldName(parent.field)]?.textValue, SubjectHistory.subjects.contains(parent.entity) else { return false }
            subject = RowKey(entity: parent.entity, id: RowID(id))
        }
        let keys = SubjectHistory.keys(of: subject, at: instant, in: &workspace)
        return !keys.isEmpty && author.mayWrite(keys)
    }

    /// Why the author may not send `command` about its subject, or nil when they may (or the
    /// subject does not exist: the command says so itself). A claim needs only to reach the
    /// subject's pool, since a pool row is only read before it (`claimRefusal`); a read-only
    /// team member may `unshare` themselves.
    func refusal(of command: PushCommand, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard RowScopeRules.isScoped(command.entity, schema: schema) else { return nil }
        let key = RowKey(entity: command.entity, id: command.rowID)
        guard let row = workspace.row(key) else { return nil }
        let keys = RowScopeRules.keys(of: key, schema: schema) { workspace.row($0) }
        if command.name == .claim { return claimRefusal(key, row: row, keys: keys, in: &workspace) }
        if author.mayWrite(keys) { return nil }
        // A read-only team member may still leave the record.
        if command.name == .unshare, command.arguments["member"]?.textValue == author.user.rawValue, author.mayRead(keys) { return nil }
        return outOfScopeRefusal(key, row: row, keys: keys, in: &workspace)
    }

    /// Why the author may not have a command change `key`, a live row other than its subject
    /// (a merge's tails, the customer and parts a convert adopts), or nil when they may: as for
    /// the subject, the row must be theirs to change.
    func refusal(changingAlso key: RowKey, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard RowScopeRules.isScoped(key.entity, schema: schema), let row = workspace.row(key) else { return nil }
        let keys = RowScopeRules.keys(of: key, schema: schema) { workspace.row($0) }
        return author.mayWrite(keys) ? nil : outOfScopeRefusal(key, row: row, keys: keys, in: &workspace)
    }

    // MARK: - Private

    /// Why the author may not write `field` of a row only the server makes: none is deleted by
    /// a push (a notification is marked read, a share ended with `unshare`), and a de-dup link
    /// is reviewed by a manager (`record.merge`: R-2.5, C14), not by the owners it links.
    private func serverRowRefusal(writing field: FieldName, of key: RowKey) -> CommandRefusal? {
        guard Self.createdByTheServerOnly.contains(key.entity) else { return nil }
        if field == .deleted {
            return CommandRefusal(code: "permission.not_allowed",
                                  message: "A \(key.entity) row is the server's: no push deletes it (a notification is marked read, a share ended with `unshare`). Nothing was changed.")
        }
        if key.entity == .suspectedDuplicate, !author.permissions.contains(CommandPermission.mergeOthers) {
            return CommandRefusal(code: "permission.not_allowed",
                                  message: "A manager reviews a suspected duplicate (the permission '\(CommandPermission.mergeOthers)': a team lead's and above); your change was not applied.")
        }
        return nil
    }

    /// Why the author may not claim `row`, or nil when they may try (`ClaimCommand` judges the
    /// rest): they must reach the pool of the row's branch (R-8.1 d), as its salespeople, team
    /// leads and manager do. Whoever reaches it learns that a row claimed meanwhile was claimed
    /// (`pool.already_claimed`, R-7.7); head office, who reads the row but sells in no branch,
    /// assigns it with `transfer` instead; anyone else is told it is not in their scope, as for
    /// any other row of another branch.
    private func claimRefusal(_ key: RowKey, row: RowState, keys: Set<ScopeKey>, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard let branch = row.values[FieldName("branch_id")]?.textValue else {
            return author.mayRead(keys) ? nil : outOfScopeRefusal(key, row: row, keys: keys, in: &workspace)
        }
        if author.mayRead([.pool(branch)]) { return nil }
        guard author.mayRead(keys) else { return outOfScopeRefusal(key, row: row, keys: keys, in: &workspace) }
        return CommandRefusal(code: "permission.not_allowed",
                              message: "Only the salespeople, team leads and manager of the \(key.entity)'s branch claim from its pool; give it to someone with `transfer` instead. Nothing was changed.")
    }

    private func creationRefusal(_ key: RowKey, row: RowState, createdTogether: Set<RowKey>,
                                 in workspace: inout PlanWorkspace) -> CommandRefusal? {
        if Self.createdByTheServerOnly.contains(key.entity) {
            return CommandRefusal(code: "permission.not_allowed",
                                  message: "Only the server creates \(key.entity) rows (its commands and rules write them); nothing was created.")
        }
        guard RowScopeRules.isScoped(key.entity, schema: schema) else { return organisationRefusal(key, in: &workspace) }
        // A new lead or customer is the author's own (the server makes them its owner).
        guard let parent = RowScopeRules.parent(of: key, row: row, schema: schema) else { return nil }
        if createdTogether.contains(parent) { return nil }
        guard let parentRow = workspace.row(parent) else {
            if workspace.snapshot.stored(parent) == nil { return nil }   // not loaded yet: the next round decides
            // An unknown parent (a mistyped id, a parent the server refused): an orphan that
            // no one would ever see on the record, so refused and kept on the device.
            return CommandRefusal(code: "permission.not_in_scope",
                                  message: "The \(parent.entity) '\(parent.id)' does not exist or is not in your scope; nothing was changed.")
        }
        let keys = RowScopeRules.keys(of: parent, schema: schema) { workspace.row($0) }
        if author.mayWrite(keys) { return nil }
        if Self.facts.contains(key.entity),
           author.mayRead(keys) || heldBefore(parentRow) || wasMember(of: parent, at: row.values[FieldName("occurred_at")]?.integerValue, in: &workspace) {
            return nil
        }
        return outOfScopeRefusal(parent, row: parentRow, keys: keys, in: &workspace)
    }

    /// Why the author may not delete (or restore) the lead or customer `key`: they lack
    /// `deletePermission`. Restoring is gated as deleting is: otherwise anyone could undo a
    /// manager's delete.
    private func deletionRefusal(writing field: FieldName, value: FieldValue, of key: RowKey, row: RowState) -> CommandRefusal? {
        guard field == .deleted, Self.deletionGated.contains(key.entity), !author.permissions.contains(Self.deletePermission) else { return nil }
        if value == .bool(true) {
            return CommandRefusal(code: "permission.not_allowed",
                                  message: "Deleting a \(key.entity) needs the permission '\(Self.deletePermission)' (a branch manager's or head office's); nothing was deleted. Mark it invalid (mark_invalid; `outpost invalid`) or release it to the pool (release; `outpost release`) instead.")
        }
        if row.values[.deleted] == .bool(true) {
            return CommandRefusal(code: "permission.not_allowed",
                                  message: "Restoring a deleted \(key.entity) needs the permission '\(Self.deletePermission)' (a branch manager's or head office's); it stays deleted. Ask a manager.")
        }
        return nil
    }

    private func outOfScopeRefusal(_ key: RowKey, row: RowState, keys: Set<ScopeKey>, in workspace: inout PlanWorkspace) -> CommandRefusal {
        let owner = ownerName(of: key, row: row, in: &workspace)
        if row.values[FieldName("ro_member_ids")]?.listValue?.contains(.text(author.user.rawValue)) == true {
            return CommandRefusal(code: "permission.not_owner",
                                  message: "This \(key.entity) is shared with you read-only; your change was not applied. Ask its owner to share it read-write.")
        }
        // Only someone who can reach the pool can claim from it (not a user moved to another branch).
        if row.values[FieldName("pool_state")]?.textValue == "public", author.mayRead(keys) {
            return CommandRefusal(code: "permission.not_owner",
                                  message: "This \(key.entity) is in the public pool now; your change was not applied. Claim it first (R-7), then change it.")
        }
        if author.mayRead(keys) || heldBefore(row) {
            // Who holds a record of another branch is that branch's business (scopes.md §7).
            let branch = row.values[FieldName("branch_id")]?.textValue
            let ofThisBranch = author.mayRead(keys) || branch.map { author.mayRead([.pool($0), .branch($0), .everything]) } ?? true
            let whose = ofThisBranch ? owner.map { "is owned by \($0)" } ?? "is not yours" : "belongs to another branch"
            let reason = heldBefore(row) ? "was reassigned and now \(whose)" : whose
            return CommandRefusal(code: "permission.not_owner",
                                  message: "This \(key.entity) \(reason); your change was not applied. Ask its owner or your team lead.")
        }
        if let ended = endedMembership(of: key, in: &workspace) {
            return CommandRefusal(code: "permission.not_in_scope",
                                  message: "Your team membership of this \(key.entity) ended on \(MessageTime.utc(ended)) (it was withdrawn, ran out, or you moved to another branch); your change was not applied. Ask its owner to share it again.")
        }
        return CommandRefusal(code: "permission.not_in_scope",
                              message: "The \(key.entity) '\(key.id)' is not in your scope; nothing was changed.")
    }

    /// Why the author may not write an appointment's `teacher_feedback`, or nil when they may:
    /// they are not a teacher, or the appointment's trial session names another teacher.
    private func teacherFeedbackRefusal(of key: RowKey, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard author.position == Self.teacherPosition else {
            return CommandRefusal(code: "permission.field_read_only",
                                  message: "'\(Self.teacherFeedback)' of an appointment is the teacher's (老师点评); only a user whose position is teacher writes it. Your change was not applied.")
        }
        guard let appointment = workspace.row(key), let teacher = RowScopeRules.sessionTeacher(of: appointment, read: { workspace.row($0) }),
              teacher != author.user.rawValue else { return nil }
        let name = workspace.row(RowKey(entity: .user, id: RowID(teacher)))?.values[FieldName("name")]?.textValue ?? teacher
        return CommandRefusal(code: "permission.field_read_only",
                              message: "'\(Self.teacherFeedback)' of this trial class is written by its session's teacher, \(name); your change was not applied.")
    }

    /// When the author's last team membership of `subject` ended, if they had one.
    private func endedMembership(of subject: RowKey, in workspace: inout PlanWorkspace) -> Int64? {
        guard [EntityName.lead, .customer].contains(subject.entity) else { return nil }
        return workspace.rows(.recordShare, where: FieldName("subject_id"), equals: .text(subject.id.rawValue)).compactMap { _, share -> Int64? in
            guard share.values[FieldName("member_id")]?.textValue == author.user.rawValue,
                  share.values[FieldName("subject_type")]?.textValue == subject.entity.rawValue else { return nil }
            return share.values[FieldName("ended_at")]?.integerValue
        }.max()
    }

    /// Why the author may not create an organisation row (`field` nil) or write `field` of one
    /// (`OrganisationEditing`: the branches of the author and of a `user` row come from the unit tree).
    private func organisationRefusal(_ key: RowKey, field: FieldName? = nil, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        var editor = OrganisationEditing.Editor(user: author.user.rawValue, position: author.position, branch: nil)
        var userBranch: String?
        if key.entity == .user, editor.position == OrganisationEditing.branchManager {
            editor.branch = branch(ofUser: author.user.rawValue, in: &workspace)
            userBranch = branch(ofUser: key.id.rawValue, in: &workspace)
        }
        let manages = key.entity == .user && author.mayWrite([.owner(key.id.rawValue)])
        return OrganisationEditing.refusal(writing: field, of: key.entity, id: key.id.rawValue, userBranch: userBranch,
                                           managesUser: manages, by: editor)
            .map { CommandRefusal(code: $0.code, message: $0.message) }
    }

    /// The branch of a user's unit, as the unit tree stands in the workspace.
    private func branch(ofUser user: String, in workspace: inout PlanWorkspace) -> String? {
        guard let unit = workspace.row(RowKey(entity: .user, id: RowID(user)))?.values[FieldName("org_unit_id")]?.textValue else { return nil }
        return ReaderScope.branchOf(unit: unit, in: &workspace)
    }

    /// Whether the author owned the subject before it was taken from them.
    private func heldBefore(_ row: RowState) -> Bool {
        row.values[FieldName("previous_owner_id")]?.textValue == author.user.rawValue
    }

    /// Whether the author was a team member of `subject` (R-8.1 b) at `occurredAt`, or within
    /// the grace period before now: a share of theirs that ended no earlier than that.
    private func wasMember(of subject: RowKey, at occurredAt: Int64?, in workspace: inout PlanWorkspace) -> Bool {
        let since = min(occurredAt ?? .max, workspace.serverNow - Self.factGraceMilliseconds)
        return workspace.rows(.recordShare, where: FieldName("subject_id"), equals: .text(subject.id.rawValue)).contains { _, share in
            share.values[FieldName("member_id")]?.textValue == author.user.rawValue
                && share.values[FieldName("subject_type")]?.textValue == subject.entity.rawValue
                && (share.values[FieldName("ended_at")]?.integerValue ?? .max) >= since
        }
    }

    private func ownerName(of key: RowKey, row: RowState, in workspace: inout PlanWorkspace) -> String? {
        guard let owner = row.values[FieldName("owner_id")]?.textValue else { return nil }
        return workspace.row(RowKey(entity: .user, id: RowID(owner)))?.values[FieldName("name")]?.textValue ?? owner
    }
}
