import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `merge`: folds duplicates (`tails`, a list of ids) into the subject row, the head.
/// A manual merge takes at most five records, like Odoo's, and needs a team lead or above,
/// or an owner merging their own records. A record in the public pool is claimed first:
/// a merge is no way around the claim's limits, nor around the fields the pool hides.
struct MergeCommand: CommandHandler {
    /// The most records one manual merge may take, head included.
    static let maximumRecords = 5

    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let head = RowKey(entity: command.entity, id: command.rowID)
        let headRow = try context.subject(expecting: "lead", "customer", "contact")
        let tailIDs = (command.arguments["tails"]?.listValue ?? []).compactMap(\.textValue)
        guard !tailIDs.isEmpty else {
            throw CommandRefusal(code: "command.missing_argument", message: "'merge' needs 'tails': the ids of the duplicates.")
        }
        guard tailIDs.count + 1 <= Self.maximumRecords else {
            throw CommandRefusal(code: "merge.too_many", message: "A merge takes at most \(Self.maximumRecords) records; merge in smaller groups.")
        }
        try Self.refuseIfInThePool(head, headRow)
        var tails: [(key: RowKey, owner: FieldValue)] = []
        var owners: Set<String> = [headRow.values[FieldName("owner_id")]?.textValue ?? ""]
        for id in tailIDs {
            let key = RowKey(entity: command.entity, id: RowID(id))
            let tailRow = try context.requireRow(key)
            // Whose the tail is comes first: a refusal about it says nothing of a row out of reach.
            if context.mayRead(key) { try Self.refuseIfInThePool(key, tailRow) }
            try context.requireChangeable(key)
            try Self.refuseIfInAnotherBranch(key, tailRow, head: headRow)
            // A converted lead is the conversion trail: neither folded away nor filled;
            // a converted head is refused before this runs (`ConvertedLeads`).
            if key.entity == .lead, let refusal = ConvertedLeads.refusal(of: tailRow.values) { throw refusal }
            let owner = tailRow.values[FieldName("owner_id")] ?? .null
            owners.insert(owner.textValue ?? "")
            tails.append((key, owner))
        }
        if owners != [context.actor.rawValue] {
            try context.require(CommandPermission.mergeOthers, to: "merge records of other owners")
        }
        RecordMerger.merge(head: head, tails: tails.map(\.key), author: context.actor, in: &context.workspace)
        // A contact's owner mirrors its customer's: ownership events name leads and customers
        // (DOMAIN §1.12), never a contact.
        for tail in tails where command.entity != EntityName("contact") {
            context.ownershipEvent("merge", subject: tail.key, from: tail.owner, to: headRow.values[FieldName("owner_id")] ?? .null,
                                   reason: "merged into \(head.id)")
        }
        context.audit("merge", entity: command.entity, ids: [head.id] + tails.map(\.key.id))
        return .applied
    }

    /// The code of a merge naming a record in the public pool.
    static let inPoolCode = "merge.in_pool"

    /// A merge stays within one branch (R-4.4: a record is seen by its own branch only), even
    /// for head office, who may transfer a record to the other branch first.
    private static func refuseIfInAnotherBranch(_ key: RowKey, _ row: RowState, head: RowState) throws(CommandRefusal) {
        let branch = FieldName("branch_id")
        guard let tailBranch = row.values[branch]?.textValue, let headBranch = head.values[branch]?.textValue,
              tailBranch != headBranch else { return }
        throw CommandRefusal(code: "permission.not_in_scope",
                             message: "\(key.entity) \(key.id) belongs to another branch than the record it would merge into; a merge stays within one branch (R-4.4). Transfer it first if it is the same family. Nothing was changed.")
    }

    private static func refuseIfInThePool(_ key: RowKey, _ row: RowState) throws(CommandRefusal) {
        guard row.values[FieldName("pool_state")]?.textValue == "public" else { return }
        throw CommandRefusal(code: inPoolCode,
                             message: "\(key.entity) \(key.id) is in the public pool: claim it first (R-7), then merge it.")
    }
}
