import OutpostCore
import OutpostDomain
import OutpostProtocol

/// De-dup at sync time (R-2.1, R-2.5): the keys are the normalized mobile (of a lead, a
/// customer or any contact) and the WeChat id (of a lead or a contact), checked whenever a lead,
/// customer or contact is created or a key of it changes (a phone edit can make a duplicate,
/// C14). A contact stands for its customer: a lead with the father's mobile matches the family.
///
/// - Same owner, same mobile, a lead with a lead or a customer with a customer: merged
///   automatically, the earliest `created_at` clock is the head (§6.1).
/// - 撞单 (R-2.3): a lead created offline that matches by mobile a lead of the same branch its
///   creator still holds untouched from creation (status new, never reassigned) is merged the
///   same way; the earlier creator keeps it ("先录先得", C11). Across branches, never (R-4.4).
/// - Otherwise (another owner's record, a record in the public pool, a customer, a contact's
///   family, a WeChat id, a converted lead): never merged automatically; a `suspected_duplicate` link waits for a
///   manager, and both owners are notified (C14).
///
/// A 撞单 merge notifies the creator whose lead became the tail (R-2.3, `duplicate_of`).
enum DuplicateRules {
    /// The de-dup key fields per entity (`DuplicateKeys`, shared with the laptop's warning).
    static let keyFields = DuplicateKeys.fieldsByEntity
    /// The entities that hold each key field, in the order matches are taken.
    private static let holders = DuplicateKeys.holders
    /// How a notice names each key.
    private static let keyNames = DuplicateKeys.names

    /// The lookups `check` makes after `change` applies: its normalized key among the rows
    /// that hold that key.
    static func expectedLookups(of change: PushChange, schema: Schema) -> [RowLookup] {
        guard keyFields[change.entity.rawValue]?.contains(change.field.rawValue) == true,
              let value = try? schema.validate(entity: change.entity, field: change.field, value: change.value).value,
              value != .null else { return [] }
        let entities = holders.first { $0.field == change.field.rawValue }?.entities ?? []
        return entities.map { RowLookup(entity: $0, field: change.field, value: value) }
    }

    /// Looks for duplicates of `key` by its current key values; merges or links what it finds.
    /// - Parameter fields: the key fields to check (those a change wrote: a key left as it was
    ///   was checked when it was written); nil checks every key of the row.
    static func check(_ key: RowKey, isNew: Bool, fields: Set<String>? = nil, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(key), !row.isDeleted, !isProvisional(row),
              let record = record(of: key, row: row, in: &workspace) else { return }
        for (field, entities) in holders where keyFields[key.entity.rawValue]?.contains(field) == true && fields?.contains(field) != false {
            guard let value = row.values[FieldName(field)], value != .null else { continue }
            var matches: [(key: RowKey, row: RowState, direct: Bool)] = []
            for entity in entities {
                for match in workspace.rows(entity, where: FieldName(field), equals: value)
                where match.id != key.id && !match.row.isDeleted && !isProvisional(match.row) {
                    guard let other = self.record(of: RowKey(entity: entity, id: match.id), row: match.row, in: &workspace),
                          other.key != record.key, !matches.contains(where: { $0.key == other.key }),
                          !convertedOneIntoTheOther(record.row, other.row, record.key.id, other.key.id) else { continue }
                    matches.append((other.key, other.row, entity != .contact))
                }
            }
            // A converted lead and the customer it became are one family, linked once: to the
            // customer (round 33: two links, and two notices to each owner).
            let customers = Set(matches.filter { $0.key.entity == .customer }.map(\.key.id.rawValue))
            matches.removeAll { match in
                match.key.entity == .lead && match.row.values[FieldName("converted_customer_id")]?.textValue.map(customers.contains) == true
            }
            for match in matches {
                guard workspace.row(key).map({ !$0.isDeleted }) == true else { return }   // merged away by an earlier match
                let owner = record.row.values[FieldName("owner_id")]?.textValue
                let sameOwner = owner != nil && owner == match.row.values[FieldName("owner_id")]?.textValue
                // Only within one branch: a record is seen by its own branch only (R-4.4), and a
                // merge would carry each lead's fields and follow-ups into the other's.
                let sameBranch = branch(of: record.key, in: &workspace) == branch(of: match.key, in: &workspace)
                let collision = isNew && key.entity == .lead && match.key.entity == .lead && untouchedSinceCreation(match.row) && sameBranch
                // A converted lead is neither folded away nor filled (R-14.3): a manager decides.
                let converted = key.entity == .lead && [record.row, match.row].contains { OutpostSchema.Lead.isConverted($0.values) }
                let pooled = isInThePool(record.row) || isInThePool(match.row)
                if field == "mobile", key == record.key, match.direct, match.key.entity == key.entity, sameOwner || collision, !converted,
                   !pooled {
                    merge(key, match.key, in: &workspace)
                } else {
                    link(record.key, match.key, named: keyNames[field] ?? field, in: &workspace)
                }
            }
        }
    }

    /// The record a row stands for in de-dup: a lead or customer itself, a contact its customer
    /// (nil without a live one).
    private static func record(of key: RowKey, row: RowState, in workspace: inout PlanWorkspace) -> (key: RowKey, row: RowState)? {
        guard key.entity == .contact else { return (key, row) }
        guard let customerID = row.values[FieldName("customer_id")]?.textValue, !customerID.isEmpty else { return nil }
        let customer = RowKey(entity: .customer, id: RowID(customerID))
        guard let customerRow = workspace.row(customer), !customerRow.isDeleted, !isProvisional(customerRow) else { return nil }
        return (customer, customerRow)
    }

    /// A provisional row of an offline convert is not a record yet: the convert decides.
    private static func isProvisional(_ row: RowState) -> Bool {
        row.values[FieldName("provisional")]?.boolValue == true
    }

    /// A lead and the customer it was converted into share their mobile by design.
    private static func convertedOneIntoTheOther(_ a: RowState, _ b: RowState, _ aID: RowID, _ bID: RowID) -> Bool {
        a.values[FieldName("converted_customer_id")]?.textValue == bID.rawValue
            || b.values[FieldName("converted_customer_id")]?.textValue == aID.rawValue
            || a.values[FieldName("converted_from_lead_id")]?.textValue == bID.rawValue
            || b.values[FieldName("converted_from_lead_id")]?.textValue == aID.rawValue
    }

    /// Whether a lead is still as its creator made it: status new, owned by its creator. A
    /// lead nobody owns (the public pool's, a seeded one) is nobody's to keep.
    private static func untouchedSinceCreation(_ row: RowState) -> Bool {
        guard let owner = row.values[FieldName("owner_id")]?.textValue else { return false }
        return PlanWorkspace.word(row.values[FieldName("status")]) ?? "new" == "new"
            && owner == row.values[FieldName("created_by")]?.textValue
    }

    /// Whether a record is in the public pool: it is claimed first (R-7), never merged into
    /// by de-dup, and its hidden fields must not reach the other record's owner.
    private static func isInThePool(_ row: RowState) -> Bool {
        row.values[FieldName("pool_state")]?.textValue == "public"
    }

    /// Merges two duplicates, the earlier-created one as the head.
    private static func merge(_ first: RowKey, _ second: RowKey, in workspace: inout PlanWorkspace) {
        // A row this push creates counts as created no earlier than its device could have.
        let floor = workspace.creationFloor
        func createdClock(_ key: RowKey) -> HLCTimestamp? {
            let clock = workspace.row(key)?.stamps[FieldName("created_at")]?.clock
            guard let clock, let floor, !workspace.existedBefore(key) else { return clock }
            return max(clock, floor)
        }
        let firstClock = createdClock(first), secondClock = createdClock(second)
        let firstIsHead: Bool = switch (firstClock, secondClock) {
        case (let a?, let b?): a < b || (a == b && first.id < second.id)
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): first.id < second.id
        }
        let (head, tail) = firstIsHead ? (first, second) : (second, first)
        let headOwner = workspace.row(head)?.values[FieldName("owner_id")] ?? .null
        let tailOwner = workspace.row(tail)?.values[FieldName("owner_id")] ?? .null
        let tailName = workspace.text(tail, "contact_name") ?? workspace.text(tail, "name")
        RecordMerger.merge(head: head, tails: [tail], author: PlanWorkspace.system, in: &workspace)
        if let loser = tailOwner.textValue, loser != headOwner.textValue {
            let keeper = headOwner.textValue.map { workspace.text(RowKey(entity: .user, id: RowID($0)), "name") ?? $0 } ?? "nobody yet"
            Notifications.send(to: UserID(loser), kind: "duplicate_merged", about: head, aboutName: tailName,
                               message: "Your \(tail.entity) \(tailName.map { "'\($0)' " } ?? "")was entered earlier by \(keeper) (the same mobile) and merged into theirs (duplicate_of \(head.id)); your follow-ups and fields were kept there.",
                               dedupKey: "duplicate_merged:\(tail.id.rawValue)", in: &workspace)
        }
        workspace.append(.ownershipEvent, [
            "subject_type": .text(tail.entity.rawValue), "subject_id": .text(tail.id.rawValue), "action": .text("merge"),
            "from_owner_id": tailOwner, "to_owner_id": headOwner, "command_id": .text(tail.id.rawValue),
            "reason": .text("duplicate_of \(head.id)"), "server_time": .integer(workspace.serverNow),
        ])
        workspace.append(.auditLog, [
            "actor_id": .text(PlanWorkspace.system.rawValue), "action": .text("merge"), "entity_type": .text(head.entity.rawValue),
            "entity_ids": .list([.text(head.id.rawValue), .text(tail.id.rawValue)]), "occurred_at": .integer(workspace.serverNow),
            "received_at": .integer(workspace.serverNow), "result": .text("ok"), "reason": .text("duplicate mobile"),
        ])
    }

    /// The branch a lead or customer belongs to; a contact's is its customer's.
    private static func branch(of key: RowKey, in workspace: inout PlanWorkspace) -> String? {
        if let branch = workspace.text(key, "branch_id") { return branch }
        guard let customer = workspace.text(key, "customer_id") else { return nil }
        return workspace.text(RowKey(entity: .customer, id: RowID(customer)), "branch_id")
    }

    /// Links two suspected duplicates for a manager, once; `named` is how a notice names the
    /// key they share.
    private static func link(_ key: RowKey, _ other: RowKey, named keyName: String, in workspace: inout PlanWorkspace) {
        for (a, b) in [(key, other), (other, key)] {
            let existing = workspace.rows(.suspectedDuplicate, where: FieldName("subject_id"), equals: .text(a.id.rawValue))
            if existing.contains(where: { $0.row.values[FieldName("other_id")]?.textValue == b.id.rawValue }) { return }
        }
        workspace.append(.suspectedDuplicate, [
            "subject_type": .text(key.entity.rawValue), "subject_id": .text(key.id.rawValue),
            "other_type": .text(other.entity.rawValue), "other_id": .text(other.id.rawValue),
            // Which key, not its value: a pool member or a role that hides the mobile reads the
            // link too, and the records' own field access decides who sees the number.
            "key": .text(keyName), "status": .text("open"),
        ])
        for (mine, theirs) in [(key, other), (other, key)] {
            guard let owner = workspace.text(mine, "owner_id") else { continue }
            // Who holds a record of another branch is that branch's business (scopes.md §1;
            // R-7.7 names an owner only to whom may see the record).
            let holder: String
            if let theirBranch = branch(of: theirs, in: &workspace), theirBranch != branch(of: mine, in: &workspace) {
                holder = "another branch"
            } else {
                holder = workspace.text(theirs, "owner_id").map { workspace.text(RowKey(entity: .user, id: RowID($0)), "name") ?? $0 } ?? "the pool"
            }
            Notifications.send(to: UserID(owner), kind: "suspected_duplicate", about: mine,
                               message: "This \(mine.entity) has the same \(keyName) as a \(theirs.entity) of \(holder); a manager will decide whether they are one family. Nothing was merged.",
                               dedupKey: "suspected_duplicate:\(min(key.id, other.id)):\(max(key.id, other.id)):\(owner)", in: &workspace)
        }
    }
}
