import OutpostCore

/// A customer's open opportunities go with it (R-8.2: children take their customer's scope).
/// When the customer passes from one owner to another (`transfer`, `claim`), each open
/// opportunity the owner it leaves held (or nobody held) passes to the one it reaches, with the
/// customer's branch, as an ownership event of the same action. Two kinds stay: an opportunity
/// someone was given on purpose (transferred by itself to another owner), and a won or lost
/// one, whose owner made or lost that sale.
enum FollowingOpportunities {
    /// Moves the open opportunities of `customer` that `previousOwner` held to `newOwner`.
    /// - Returns: the opportunities moved.
    @discardableResult
    static func follow(_ customer: RowKey, from previousOwner: String?, to newOwner: String, action: String,
                       context: inout CommandContext) -> [RowKey] {
        guard customer.entity == .customer else { return [] }
        let branch = context.workspace.row(customer)?.values[FieldName("branch_id")] ?? .null
        let following = context.workspace.rows(.opportunity, where: FieldName("customer_id"), equals: .text(customer.id.rawValue))
            .filter { _, row in
                let owner = row.values[FieldName("owner_id")]?.textValue
                return !row.isDeleted && row.values[FieldName("outcome")]?.textValue == "open"
                    && owner != newOwner && (owner == nil || owner == previousOwner)
            }
            .map { RowKey(entity: .opportunity, id: $0.id) }
            .sorted()
        for opportunity in following {
            let from = context.workspace.row(opportunity)?.values[FieldName("owner_id")] ?? .null
            var values: [String: FieldValue] = ["owner_id": .text(newOwner)]
            if branch != .null { values["branch_id"] = branch }
            context.workspace.serverWrite(opportunity, values, author: context.actor)
            context.ownershipEvent(action, subject: opportunity, from: from, to: .text(newOwner),
                                   reason: "follows customer \(customer.id.rawValue)")
        }
        return following
    }
}
