import OutpostCore

/// A contact's `owner_id` mirrors its customer's (DOMAIN §1.6: "WK moves contacts' owner with
/// the customer"; R-6.4 clears it with a reclaim, R-7.6 gives it to the claimer). Whatever moved
/// a customer's owner in a plan (`transfer`, `claim`, `release`, `convert`, a merge, the reclaim
/// job or its revert), its contacts take the new owner in the same transaction; and a contact
/// the plan wrote (made on a laptop, re-pointed by a merge) takes its customer's owner, not
/// its author.
enum ContactOwners {
    private static let ownerID = FieldName("owner_id")
    private static let customerID = FieldName("customer_id")

    /// Mirrors the customer's owner onto the contacts of every customer in `changed` whose
    /// owner the plan moved, and onto every contact in `changed`.
    static func follow(_ changed: some Sequence<RowKey>, in workspace: inout PlanWorkspace) {
        // Only customers and contacts matter; a push changes a thousand leads at a time.
        let changed = changed.filter { $0.entity == .customer || $0.entity == .contact }.sorted()
        for key in changed where key.entity == .customer {
            let owner = workspace.row(key)?.values[ownerID] ?? .null
            let existed = workspace.existedBefore(key)
            guard !existed || (workspace.storedRow(key)?.values[ownerID] ?? .null) != owner else { continue }
            // A customer this plan creates has no stored contacts yet: only the plan's own.
            for (contact, row) in workspace.rows(.contact, where: customerID, equals: .text(key.id.rawValue), storedToo: existed)
            where !row.isDeleted {
                give(RowKey(entity: .contact, id: contact), row, owner, in: &workspace)
            }
        }
        for key in changed where key.entity == .contact {
            guard let row = workspace.row(key), !row.isDeleted, let customer = row.values[customerID]?.textValue,
                  let customerRow = workspace.row(RowKey(entity: .customer, id: RowID(customer))) else { continue }
            give(key, row, customerRow.values[ownerID] ?? .null, in: &workspace)
        }
    }

    // MARK: - Private

    private static func give(_ contact: RowKey, _ row: RowState, _ owner: FieldValue, in workspace: inout PlanWorkspace) {
        guard (row.values[ownerID] ?? .null) != owner else { return }
        workspace.serverWrite(contact, [ownerID.rawValue: owner])
    }
}
