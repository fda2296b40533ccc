import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `transfer` (assign): a team lead or manager gives a lead or customer to another active
/// salesperson in their scope (R-5.5, DOMAIN §2.9): a team lead within their team, a branch
/// manager within their branch; only head office (a write scope of `all`) gives a record to
/// someone of another branch, and the record then moves to that branch.
/// Written as an ownership event and an audit entry.
struct TransferCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: command.entity, id: command.rowID)
        let subject = try context.subject(expecting: "lead", "customer", "opportunity")
        try context.require(CommandPermission.transfer, to: "transfer a \(command.entity)")
        let target = try context.argument("to_user")
        guard let user = context.workspace.row(RowKey(entity: .user, id: RowID(target))) else {
            throw CommandRefusal(code: "user.not_found", message: "There is no user '\(target)'.")
        }
        guard user.values[FieldName("status")]?.textValue != "disabled" else {
            throw CommandRefusal(code: "user.disabled", message: "User '\(target)' is disabled and cannot own records.")
        }
        let owner = subject.values[FieldName("owner_id")] ?? .null
        if owner.textValue == target { return .applied }
        var values: [String: FieldValue] = [
            "owner_id": .text(target), "previous_owner_id": owner, "pool_state": .text("private"), "pool_id": .null,
            "received_at": .integer(context.now),
        ]
        if let branch = try targetBranch(target, of: subject, context: &context) { values["branch_id"] = branch }
        context.workspace.serverWrite(key, values, author: context.actor)
        RecordShares.endMembership(of: target, on: key, author: context.actor, in: &context.workspace)
        context.ownershipEvent("transfer", subject: key, from: owner, to: .text(target), reason: command.arguments["reason"]?.textValue)
        FollowingOpportunities.follow(key, from: owner.textValue, to: target, action: "transfer", context: &context)
        context.audit("transfer", entity: command.entity, ids: [command.rowID], before: .object(["owner_id": owner]), after: .object(["owner_id": .text(target)]),
                      reason: command.arguments["reason"]?.textValue)
        return .applied
    }

    // MARK: - Private

    /// The branch the subject moves to, nil when it stays in its own.
    /// - Throws: `permission.not_in_scope` when the target is not someone whose records the actor
    ///   may change, or works in another branch and the actor is not head office.
    private func targetBranch(_ target: String, of subject: RowState,
                              context: inout CommandContext) throws(CommandRefusal) -> FieldValue? {
        let branch = RowCreation.branch(of: UserID(target), in: &context.workspace)
        guard let scope = context.scope else { return nil }   // no organisation: nothing to scope by
        let writesEverything = scope.writeKeys.contains(.everything)
        var targetKeys: Set<ScopeKey> = [.owner(target)]
        if let branch = branch.textValue { targetKeys.insert(.branch(branch)) }
        guard writesEverything || scope.mayWrite(targetKeys) else {
            throw CommandRefusal(code: "permission.not_in_scope",
                                 message: "'\(target)' is not in your scope (a team lead transfers within their team, a branch manager within their branch); nothing was changed.")
        }
        guard let current = subject.values[FieldName("branch_id")], current != .null, current != branch else { return nil }
        guard writesEverything else {
            throw CommandRefusal(code: "permission.not_in_scope",
                                 message: "'\(target)' works in another branch; only head office moves a record to another branch (R-4.1). Nothing was changed.")
        }
        return branch == .null ? nil : branch
    }
}
