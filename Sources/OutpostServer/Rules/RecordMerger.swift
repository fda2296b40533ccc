import OutpostCore

/// Merges duplicate records into a head (R-2.4, following Odoo): the head keeps its values,
/// empty head fields take the first non-empty tail value, ranked fields take the highest value
/// of all (`MergeRanking`: do-not-contact, intent, status), notes are joined, tag sets are
/// unioned; children are re-pointed to the head; each tail becomes a tombstone with
/// `merged_into_id = head`, never hard-deleted, so late offline writes to it are redirected.
enum RecordMerger {
    /// The fields of other entities that point at a record of `entity` (its children).
    static let children: [String: [(entity: EntityName, field: String)]] = [
        "lead": [(.followUp, "subject_id"), (.checkIn, "subject_id"), (.appointment, "lead_id")],
        "customer": [(.followUp, "subject_id"), (.checkIn, "subject_id"), (.appointment, "customer_id"),
                     (.opportunity, "customer_id"), (.contact, "customer_id"), (.student, "customer_id"),
                     (.enrollmentOrder, "customer_id")],
        "contact": [(.followUp, "subject_id")],
        "student": [(.appointment, "student_id"), (.opportunity, "student_id"), (.enrollmentOrder, "student_id")],
        "opportunity": [(.followUp, "subject_id"), (.opportunityStageChange, "opportunity_id")],
    ]

    /// Fields a merge never copies: the envelope, ownership and everything the server derives.
    private static let kept: Set<String> = ["deleted", "created_at", "created_by", "merged_into_id", "provisional"]

    /// Merges `tails` into `head` (all of one entity), written by `author`.
    static func merge(head: RowKey, tails: [RowKey], author: UserID, in workspace: inout PlanWorkspace) {
        guard let entity = workspace.schema.entity(head.entity) else { return }
        for tail in tails where tail != head {
            guard let tailRow = workspace.row(tail), let headRow = workspace.row(head) else { continue }
            var fills: [String: FieldValue] = [:]
            for field in entity.dataFields where !kept.contains(field.name.rawValue)
                && field.policy.name != MergePolicy.serverOwned.name && field.policy.name != MergePolicy.immutable.name {
                let tailValue = tailRow.values[field.name] ?? .null
                guard !isEmpty(tailValue) else { continue }
                let headValue = headRow.values[field.name] ?? .null
                if case .tagSet = field.type {
                    fills[field.name.rawValue] = tailValue   // the set policy joins it with the head's
                } else if let prefersTail = MergeRanking.prefersTail(tailValue, over: headValue, field: field, of: head.entity) {
                    if prefersTail { fills[field.name.rawValue] = tailValue }
                } else if isEmpty(headValue) {
                    fills[field.name.rawValue] = tailValue
                } else if field.name.rawValue == "remark" || field.name.rawValue == "notes",
                          let headText = headValue.textValue, let tailText = tailValue.textValue, headText != tailText,
                          case .text(let maximumLength) = field.type {
                    // joined with a separator and the name of the record it came from.
                    let source = ["contact_name", "name"].lazy.compactMap { tailRow.values[FieldName($0)]?.textValue }.first ?? tail.id.rawValue
                    fills[field.name.rawValue] = .text(CanonicalText.of(String((headText + "\n— " + source + ": " + tailText).prefix(maximumLength))))
                }
            }
            workspace.commandWrite(head, fills, author: author, keepingOverridden: false)
            keepInView(tailRow, of: head, in: &workspace)
            repoint(from: tail, to: head, in: &workspace)
            takeLastFollowUp(of: tailRow, into: head, in: &workspace)
            workspace.serverWrite(tail, ["deleted": .bool(true), "merged_into_id": .text(head.id.rawValue),
                                         "duplicate_of_id": .text(head.id.rawValue)], author: author)
        }
    }

    /// Points every child of `from` at `to`.
    static func repoint(from: RowKey, to: RowKey, in workspace: inout PlanWorkspace) {
        for (childEntity, field) in children[from.entity.rawValue] ?? [] {
            for child in workspace.rows(childEntity, where: FieldName(field), equals: .text(from.id.rawValue)) {
                workspace.serverWrite(RowKey(entity: childEntity, id: child.id), [field: .text(to.id.rawValue)])
            }
        }
    }

    /// The head's timeline now holds the tail's follow-ups, so its `last_followup_at` (which
    /// the reclaim clock runs from, R-6.6) is the later of the two: a recently worked prospect
    /// is not sent back to the pool for the older date its head carried.
    private static func takeLastFollowUp(of tailRow: RowState, into head: RowKey, in workspace: inout PlanWorkspace) {
        let field = FieldName("last_followup_at")
        guard let tailLast = tailRow.values[field]?.integerValue, let headRow = workspace.row(head),
              workspace.schema.entity(head.entity)?.field(field) != nil,
              tailLast > headRow.values[field]?.integerValue ?? .min else { return }
        workspace.serverWrite(head, [field.rawValue: .integer(tailLast)])
    }

    /// The tail's owner keeps seeing the record they worked on: they become a read-only team
    /// member of the head when someone else owns it (C11: Sun follows the lead merged into
    /// Wang's), through a share like any other (`RecordShares.start`), so moving to another
    /// branch ends it (round 33: it outlived the move). A member already keeps their access.
    private static func keepInView(_ tailRow: RowState, of head: RowKey, in workspace: inout PlanWorkspace) {
        guard workspace.schema.entity(head.entity)?.field(FieldName("ro_member_ids")) != nil,
              let tailOwner = tailRow.values[FieldName("owner_id")]?.textValue,
              let headRow = workspace.row(head), headRow.values[FieldName("owner_id")]?.textValue != tailOwner,
              RecordShares.active(of: tailOwner, on: head, in: &workspace) == nil,
              !["ro_member_ids", "rw_member_ids"].contains(where: { headRow.values[FieldName($0)]?.listValue?.contains(.text(tailOwner)) == true })
        else { return }
        RecordShares.start(tailOwner, access: "read", expiresAt: nil, on: head, author: PlanWorkspace.system, in: &workspace)
    }

    private static func isEmpty(_ value: FieldValue) -> Bool {
        switch value {
        case .null: true
        case .text(let text): text.isEmpty
        default: false
        }
    }
}
