import OutpostCore

/// A new row's envelope and first owner: `created_by` is the authenticated author whatever
/// the device sent (DOMAIN §1.0); a lead, customer or opportunity a salesperson creates is
/// theirs, in their branch, privately owned from the server's receipt time (R-4.1,
/// OwnershipEvent `assign_on_create`). Provisional rows of an offline convert wait for the
/// convert command instead. A new contact's `do_not_contact` is false unless it says otherwise.
/// A lead's `created_at` is clamped to receipt plus the skew budget.
enum RowCreation {
    static func apply(to key: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        workspace.serverWrite(key, ["created_by": .text(author.rawValue)], author: PlanWorkspace.system)
        if key.entity == .customer, let row = workspace.row(key) {
            // What a new customer is until money or the nightly job says otherwise, a
            // provisional one of an offline convert too (DOMAIN §1.4, R-11.3, R-12.1).
            var values: [String: FieldValue] = [:]
            for (field, value) in [("deal_status", FieldValue.text("not_won")), ("locked", .bool(false)),
                                   ("lifecycle_stage", .text("acquisition")), ("rfm_code", .text("000"))]
            where (row.values[FieldName(field)] ?? .null) == .null {
                values[field] = value
            }
            if !values.isEmpty { workspace.serverWrite(key, values) }
        }
        guard let row = workspace.row(key), row.values[FieldName("provisional")]?.boolValue != true else { return }
        switch key.entity {
        case .lead, .customer:
            var values: [String: FieldValue] = ["received_at": .integer(workspace.serverNow)]
            if (row.values[FieldName("owner_id")] ?? .null) == .null {
                values["owner_id"] = .text(author.rawValue)
                values["pool_state"] = .text("private")
                values["branch_id"] = branch(of: author, in: &workspace)
                workspace.append(.ownershipEvent, [
                    "subject_type": .text(key.entity.rawValue), "subject_id": .text(key.id.rawValue),
                    "action": .text("assign_on_create"), "from_owner_id": .null, "to_owner_id": .text(author.rawValue),
                    "actor_id": .text(author.rawValue), "command_id": .text(key.id.rawValue),
                    "server_time": .integer(workspace.serverNow),
                ])
            }
            if key.entity == .lead, (row.values[FieldName("status")] ?? .null) == .null {
                values["status"] = workspace.value("new", for: .lead, field: "status")
            }
            if key.entity == .lead, let createdAt = row.values[FieldName("created_at")]?.integerValue,
               createdAt > workspace.serverNow + FollowUpRules.futureAllowanceMilliseconds {
                // `created_at` is a clock reading; one years ahead is clamped like the
                // row's clocks, so no list shows a lead "created in 2030" (the skew is on record).
                values["created_at"] = .integer(workspace.serverNow + FollowUpRules.futureAllowanceMilliseconds)
            }
            workspace.serverWrite(key, values)
        case .opportunity:
            var values: [String: FieldValue] = [:]
            if (row.values[FieldName("owner_id")] ?? .null) == .null {
                values["owner_id"] = .text(author.rawValue)
                values["branch_id"] = branch(of: author, in: &workspace)
            }
            if (row.values[FieldName("reopen_epoch")] ?? .null) == .null { values["reopen_epoch"] = .integer(0) }
            workspace.serverWrite(key, values)
        case .contact:
            // DOMAIN §1.6: required, default false (true wins over it, as over any false).
            if (row.values[FieldName("do_not_contact")] ?? .null) == .null {
                workspace.serverWrite(key, ["do_not_contact": .bool(false)])
            }
        default:
            break
        }
    }

    /// The branch a user works in: the first `branch` up the org tree from their unit.
    static func branch(of user: UserID, in workspace: inout PlanWorkspace) -> FieldValue {
        var unit = workspace.row(RowKey(entity: .user, id: RowID(user.rawValue)))?.values[FieldName("org_unit_id")]
        for _ in 0..<8 {
            guard let id = unit?.textValue, let row = workspace.row(RowKey(entity: EntityName("org_unit"), id: RowID(id))) else { return .null }
            if row.values[FieldName("kind")]?.textValue == "branch" { return .text(id) }
            unit = row.values[FieldName("parent_id")]
        }
        return .null
    }
}
