import OutpostCore
import OutpostDomain
import OutpostProtocol

/// De-dup at sync time (R-2.x): the normalized mobile is the key, checked across leads and
/// customers whenever one is created or its mobile changes (a phone edit can make a
/// duplicate, C14).
///
/// - Same owner: merged automatically, the earliest `created_at` clock is the head (§6.1).
/// - 撞单 (R-2.3): a lead created offline that matches a lead its creator still holds
///   untouched from creation (status new, never reassigned) is merged the same way; the
///   earlier creator keeps it ("先录先得", C11).
/// - Otherwise (another owner's record, a customer, a converted lead): never merged automatically; a
///   `suspected_duplicate` link waits for a manager, and both owners are notified (C14).
///
/// A 撞单 merge notifies the creator whose lead became the tail (R-2.3, `duplicate_of`).
enum DuplicateRules {
    /// The de-dup key fields per entity.
    static let keyFields: [String: Set<String>] = ["lead": ["mobile"], "customer": ["mobile"]]

    /// The lookups `check` makes after `change` applies: its normalized key among leads and
    /// customers.
    static func expectedLookups(of change: PushChange, schema: Schema) -> [RowLookup] {
        guard keyFields[change.entity.rawValue]?.contains(change.field.rawValue) == true,
              let value = try? schema.validate(entity: change.entity, field: change.field, value: change.value).value,
              value != .null else { return [] }
        return [EntityName.lead, .customer].map { RowLookup(entity: $0, field: FieldName("mobile"), value: value) }
    }

    /// Looks for duplicates of `key` by its current key value; merges or links what it finds.
    static func check(_ key: RowKey, isNew: Bool, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(key), !row.isDeleted, !isProvisional(row),
              let mobile = row.values[FieldName("mobile")], mobile != .null else { return }
        var matches: [(key: RowKey, row: RowState)] = []
        for entity in [EntityName.lead, .customer] {
            for match in workspace.rows(entity, where: FieldName("mobile"), equals: mobile)
            where match.id != key.id && !match.row.isDeleted && !isProvisional(match.row)
                && !convertedOneIntoTheOther(row, match.row, key.id, match.id) {
                matches.append((RowKey(entity: entity, id: match.id), match.row))
            }
        }
        for match in matches {
            guard workspace.row(key).map({ !$0.isDeleted }) == true else { return }   // merged away by an earlier match
            let owner = row.values[FieldName("owner_id")]?.textValue
            let sameOwner = owner != nil && owner == match.row.values[FieldName("owner_id")]?.textValue
            let collision = isNew && key.entity == .lead && match.key.entity == .lead && untouchedSinceCreation(match.row)
            // A converted lead is neither folded away nor filled (R-14.3): a manager decides.
            let converted = key.entity == .lead && [row, match.row].contains { OutpostSchema.Lead.isConverted($0.values) }
            if match.key.entity == key.entity, sameOwner || collision, !converted {
                merge(key, match.key, in: &workspace)
            } else {
                link(key, match.key, mobile: mobile, in: &workspace)
            }
        }
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

    /// Whether a lead is still as its creator made it: status new, owned by its creator.
    private static func untouchedSinceCreation(_ row: RowState) -> Bool {
        PlanWorkspace.word(row.values[FieldName("status")]) ?? "new" == "new"
            && row.values[FieldName("owner_id")]?.textValue == row.values[FieldName("created_by")]?.textValue
    }

    /// Merges two duplicates, the earlier-created one as the head.
    private static func merge(_ first: RowKey, _ second: RowKey, in workspace: inout PlanWorkspace) {
        func createdClock(_ key: RowKey) -> HLCTimestamp? {
            workspace.row(key)?.stamps[FieldName("created_at")]?.clock
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

    /// Links two suspected duplicates for a manager, once.
    private static func link(_ key: RowKey, _ other: RowKey, mobile: FieldValue, in workspace: inout PlanWorkspace) {
        for (a, b) in [(key, other), (other, key)] {
            let existing = workspace.rows(.suspectedDuplicate, where: FieldName("subject_id"), equals: .text(a.id.rawValue))
            if existing.contains(where: { $0.row.values[FieldName("other_id")]?.textValue == b.id.rawValue }) { return }
        }
        workspace.append(.suspectedDuplicate, [
            "subject_type": .text(key.entity.rawValue), "subject_id": .text(key.id.rawValue),
            "other_type": .text(other.entity.rawValue), "other_id": .text(other.id.rawValue),
            "key": mobile, "status": .text("open"),
        ])
        for (mine, theirs) in [(key, other), (other, key)] {
            guard let owner = workspace.text(mine, "owner_id") else { continue }
            let otherOwner = workspace.text(theirs, "owner_id").map { workspace.text(RowKey(entity: .user, id: RowID($0)), "name") ?? $0 }
            Notifications.send(to: UserID(owner), kind: "suspected_duplicate", about: mine,
                               message: "This \(mine.entity) has the same mobile as a \(theirs.entity) of \(otherOwner ?? "the pool"); a manager will decide whether they are one family. Nothing was merged.",
                               dedupKey: "suspected_duplicate:\(min(key.id, other.id)):\(max(key.id, other.id)):\(owner)", in: &workspace)
        }
    }
}
