import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `mark_won`: an opportunity is won only when money backs it: a paid enrollment order of
/// its customer (R-13.3), and only by its owner or a team lead and above (DOMAIN §2.9: not a
/// read-write team member). Winning forces the stage to its last step and makes the customer
/// `deal_status = won`. A concurrent `lost` loses to `won` in the outcome lattice and is kept
/// in the conflict log.
struct MarkWonCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: .opportunity, id: command.rowID)
        let opportunity = try context.subject(expecting: "opportunity")
        let customer = opportunity.values[FieldName("customer_id")] ?? .null
        // DOMAIN §2.9: the owner, or a team lead and above; a read-write team member may not.
        var owner = opportunity.values[FieldName("owner_id")]?.textValue
        if owner == nil, let customerID = customer.textValue {
            owner = context.workspace.row(RowKey(entity: .customer, id: RowID(customerID)))?.values[FieldName("owner_id")]?.textValue
        }
        guard owner == context.actor.rawValue || context.actorMay(CommandPermission.manageOthers) else {
            throw CommandRefusal(code: "permission.not_owner",
                                 message: "Only the opportunity's owner (or their team lead or manager) may mark it won; ask \(owner ?? "its owner").")
        }
        let paid = customer == .null ? [] : context.workspace.rows(.enrollmentOrder, where: FieldName("customer_id"), equals: customer)
            .filter { ["paid", "partially_refunded"].contains($0.row.values[FieldName("status")]?.textValue ?? "") }
        guard !paid.isEmpty else {
            throw CommandRefusal(code: "opportunity.won_requires_payment",
                                 message: "An opportunity is won only with a paid enrollment order of its customer; record the payment first.")
        }
        let current = StageValue(opportunity.values[FieldName("stage")] ?? .null)
        let epoch = current?.epoch ?? opportunity.values[FieldName("reopen_epoch")]?.integerValue ?? 0
        guard case .stage(let stages) = context.workspace.schema.entity(.opportunity)?.field(FieldName("stage"))?.type,
              let last = stages.last else { return .applied }
        context.workspace.commandWrite(key, ["outcome": .text("won"), "stage": StageValue(epoch: epoch, stage: last).fieldValue],
                                       author: context.actor)
        context.workspace.serverWrite(key, ["stage_changed_at": .integer(context.now)],
                                      author: context.actor)
        if let customerID = customer.textValue {
            let customerKey = RowKey(entity: .customer, id: RowID(customerID))
            var values: [String: FieldValue] = ["deal_status": .text("won")]
            if (context.workspace.row(customerKey)?.values[FieldName("first_deal_at")] ?? .null) == .null {
                values["first_deal_at"] = .integer(context.now)
            }
            context.workspace.serverWrite(customerKey, values, author: context.actor)
        }
        if current?.stage != last {
            StageHistory.record(opportunity: key, from: current?.stage, to: last, epoch: epoch, clock: context.clock,
                                author: context.actor, accepted: true, in: &context.workspace)
        }
        context.audit("mark_won", entity: .opportunity, ids: [key.id], after: .object(["outcome": .text("won")]))
        return .applied
    }
}
