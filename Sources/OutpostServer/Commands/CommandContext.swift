import OutpostCore
import OutpostDomain
import OutpostProtocol

/// What a command handler works with: the plan's rows, who asked, when, and the writes every
/// command shares (audit entries, ownership events).
struct CommandContext {
    /// The plan's rows; handlers read and write through it.
    var workspace: PlanWorkspace
    /// The authenticated user who sent the command.
    let actor: UserID
    /// The command's clock after clamping.
    let clock: HLCTimestamp
    /// The command.
    let command: PushCommand
    /// What the actor may see and change; nil when the server has no organisation.
    let scope: ReaderScope?

    /// What the actor may do (`CommandPermission`): their roles' permissions or their
    /// position's; nil when the server has no organisation, where the position decides.
    var permissions: Set<String>? { scope?.permissions }

    /// The server's wall clock.
    var now: Int64 { workspace.serverNow }

    /// The subject row, which must exist and be live.
    /// - Throws: `command.unknown_row` otherwise.
    mutating func subject(expecting entities: String...) throws(CommandRefusal) -> RowState {
        guard entities.contains(command.entity.rawValue) else {
            throw CommandRefusal(code: "command.wrong_subject",
                                 message: "'\(command.name)' applies to \(entities.joined(separator: " or ")), not to \(command.entity).")
        }
        return try requireRow(RowKey(entity: command.entity, id: command.rowID))
    }

    /// A row that must exist and be live.
    /// - Throws: `command.merged_row` for a row merged into another (naming the survivor),
    ///   `command.unknown_row` otherwise.
    mutating func requireRow(_ key: RowKey) throws(CommandRefusal) -> RowState {
        if let row = workspace.row(key), row.isDeleted, let survivor = row.values[FieldName("merged_into_id")]?.textValue {
            throw CommandRefusal(code: "command.merged_row",
                                 message: "The \(key.entity) '\(key.id)' was merged into '\(survivor)'; sync, then act on '\(survivor)'.")
        }
        if let row = workspace.row(key), row.isDeleted {
            let deleter = row.stamps[.deleted].map { " by \($0.author.rawValue)" } ?? ""
            throw CommandRefusal(code: "command.unknown_row",
                                 message: "The \(key.entity) '\(key.id)' was deleted\(deleter); nothing was changed. Restore it first if it should go on.")
        }
        guard let row = workspace.row(key) else {
            throw CommandRefusal(code: "command.unknown_row",
                                 message: "There is no \(key.entity) '\(key.id)' (it may have been deleted or never synced); sync and try again.")
        }
        return row
    }

    /// Refuses unless the actor may change `key`, a row the command changes besides its subject
    /// (a merge's tails, the customer and parts a convert adopts).
    /// - Throws: `permission.not_in_scope` or `permission.not_owner`, as a write to the row would be refused.
    mutating func requireChangeable(_ key: RowKey) throws(CommandRefusal) {
        if let scope, let refusal = WritePermission(schema: workspace.schema, author: scope).refusal(changingAlso: key, in: &workspace) {
            throw refusal
        }
    }

    /// Whether the actor receives `key` (always, without an organisation).
    mutating func mayRead(_ key: RowKey) -> Bool {
        guard let scope else { return true }
        return scope.mayRead(RowScopeRules.keys(of: key, schema: workspace.schema) { workspace.row($0) })
    }

    /// The actor's user row, if the server has one.
    mutating func actorRow() -> RowState? {
        workspace.row(RowKey(entity: .user, id: RowID(actor.rawValue)))
    }

    /// Whether the actor holds `permission` (`CommandPermission`).
    mutating func actorMay(_ permission: String) -> Bool {
        if let permissions { return permissions.contains(permission) }
        guard let position = actorRow()?.values[FieldName("position")]?.textValue else { return false }
        return ReaderScope.managerPositions.contains(position)
    }

    /// Refuses unless the actor holds `permission`.
    /// - Parameter what: what the actor tried, for the message ("transfer a lead").
    mutating func require(_ permission: String, to what: String) throws(CommandRefusal) {
        guard actorMay(permission) else {
            throw CommandRefusal(code: CommandPermission.refusalCode, message: CommandPermission.refusalMessage(permission, to: what))
        }
    }

    /// A required text argument.
    func argument(_ name: String) throws(CommandRefusal) -> String {
        guard let text = command.arguments[name]?.textValue, !text.isEmpty else {
            throw CommandRefusal(code: "command.missing_argument", message: "'\(command.name)' needs the argument '\(name)'.")
        }
        return text
    }

    /// Appends an audit entry for this command (R-10.1).
    mutating func audit(_ action: String, entity: EntityName, ids: [RowID], before: FieldValue? = nil,
                        after: FieldValue? = nil, reason: String? = nil) {
        workspace.append(.auditLog, [
            "actor_id": .text(actor.rawValue),
            "device_id": .text(clock.deviceID.rawValue),
            "action": .text(action),
            "entity_type": .text(entity.rawValue),
            "entity_ids": .list(ids.map { .text($0.rawValue) }),
            "before": before.map { .text($0.jsonText) } ?? .null,
            "after": after.map { .text($0.jsonText) } ?? .null,
            "occurred_at": .integer(clock.wallMilliseconds),
            "received_at": .integer(now),
            "result": .text("ok"),
            "reason": reason.map(FieldValue.text) ?? .null,
            "command_id": .text(command.id.rawValue),
        ], author: actor)
    }

    /// Appends an ownership event for this command (DOMAIN §1.12).
    mutating func ownershipEvent(_ action: String, subject: RowKey, from: FieldValue, to: FieldValue,
                                 poolID: FieldValue = .null, reason: String? = nil) {
        workspace.append(.ownershipEvent, [
            "subject_type": .text(subject.entity.rawValue),
            "subject_id": .text(subject.id.rawValue),
            "action": .text(action),
            "from_owner_id": from,
            "to_owner_id": to,
            "pool_id": poolID,
            "actor_id": .text(actor.rawValue),
            "command_id": .text(command.id.rawValue),
            "reason": reason.map(FieldValue.text) ?? .null,
            "server_time": .integer(now),
            "client_hlc": .text(clock.description),
        ], author: actor)
    }
}

extension Identifier where Kind == EntityKind {
    static var user: EntityName { EntityName("user") }
    static var lead: EntityName { EntityName("lead") }
    static var customer: EntityName { EntityName("customer") }
    static var contact: EntityName { EntityName("contact") }
    static var student: EntityName { EntityName("student") }
    static var opportunity: EntityName { EntityName("opportunity") }
    static var opportunityStageChange: EntityName { EntityName("opportunity_stage_change") }
    static var followUp: EntityName { EntityName("follow_up") }
    static var checkIn: EntityName { EntityName("check_in") }
    static var appointment: EntityName { EntityName("appointment") }
    static var trialSession: EntityName { EntityName("trial_session") }
    static var pool: EntityName { EntityName("pool") }
    static var enrollmentOrder: EntityName { EntityName("enrollment_order") }
    static var ownershipEvent: EntityName { EntityName("ownership_event") }
    static var auditLog: EntityName { EntityName("audit_log") }
    static var suspectedDuplicate: EntityName { EntityName("suspected_duplicate") }
}
