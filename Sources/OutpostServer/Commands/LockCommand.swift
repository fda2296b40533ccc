import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `lock` and `unlock`: a locked customer is kept from reclaim (R-6.3) for its owner. The
/// owner locks their own customers, a team lead or manager those in their scope; either way
/// the owner may hold at most their lock cap of locked customers (R-7.8: `locked_count <
/// max_locked`, the user's `max_locked_override` or `defaultLockCap`). A customer in the
/// public pool has no owner to keep it for. Audited (R-10.1).
struct LockCommand: CommandHandler {
    /// Locked customers an owner may hold when no override is set (a proposal: DOMAIN names
    /// the cap, not its size).
    static let defaultLockCap = 30

    /// Whether this is `lock` (true) or `unlock`.
    let locking: Bool

    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: .customer, id: command.rowID)
        let customer = try context.subject(expecting: "customer")
        let verb = locking ? "lock" : "unlock"
        guard let owner = customer.values[FieldName("owner_id")]?.textValue,
              customer.values[FieldName("pool_state")]?.textValue != "public" else {
            throw CommandRefusal(code: "lock.in_pool",
                                 message: "This customer is in the public pool: it has no owner to keep it for. Claim it first.")
        }
        guard owner == context.actor.rawValue || context.actorMay(CommandPermission.manageOthers) else {
            throw CommandRefusal(code: "permission.not_owner", message: "Only the owner (or their manager) may \(verb) this customer.")
        }
        let isLocked = customer.values[FieldName("locked")]?.boolValue == true
        guard isLocked != locking else {
            return CommandOutcome(note: "This customer is already \(locking ? "locked" : "unlocked"): nothing changed.")
        }
        if locking {
            let ownerRow = context.workspace.row(RowKey(entity: .user, id: RowID(owner)))
            let cap = ownerRow?.values[FieldName("max_locked_override")]?.integerValue.map(Int.init) ?? Self.defaultLockCap
            let locked = context.workspace.rows(.customer, where: FieldName("owner_id"), equals: .text(owner))
                .filter { !$0.row.isDeleted && $0.row.values[FieldName("locked")]?.boolValue == true }.count
            guard locked + 1 <= cap else {
                let whose = owner == context.actor.rawValue ? "You keep" : "\(owner) keeps"
                throw CommandRefusal(code: "ownership.lock_limit_reached",
                                     message: "\(whose) \(locked) customers locked, the most allowed is \(cap); unlock one first.")
            }
        }
        context.workspace.serverWrite(key, ["locked": .bool(locking)], author: context.actor)
        context.audit(verb, entity: .customer, ids: [key.id], before: .object(["locked": .bool(!locking)]),
                      after: .object(["locked": .bool(locking)]), reason: command.arguments["reason"]?.textValue)
        return .applied
    }
}
