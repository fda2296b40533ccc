import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `claim`: take a lead or customer from the public pool. The first claim
/// the server commits wins; the checks run in WK's order: pool admin, cap, daily limit in
/// the company's day (the server's, never the device's), previous-owner cooldown.
struct ClaimCommand: CommandHandler {
    /// Owned leads and customers a salesperson may hold when no override is set (DOMAIN §4.2).
    static let defaultOwnershipCap = 500

    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: command.entity, id: command.rowID)
        let subject = try context.subject(expecting: "lead", "customer")
        let owner = subject.values[FieldName("owner_id")]?.textValue
        guard subject.values[FieldName("pool_state")]?.textValue == "public" else {
            if owner == context.actor.rawValue {
                return CommandOutcome(note: "This \(command.entity) is already yours, not in the public pool: nothing changed.")
            }
            throw CommandRefusal(code: "pool.already_claimed",
                                 message: "This \(command.entity) is no longer in the public pool: someone claimed it first.")
        }
        // Only a claim a manager releases from the quarantine gets here from a disabled user.
        guard context.actorRow()?.values[FieldName("status")]?.textValue != "disabled" else {
            throw CommandRefusal(code: "user.disabled", message: "User '\(context.actor)' is disabled and cannot own records; "
                                 + "the \(command.entity) stays in the public pool.")
        }
        let poolID = subject.values[FieldName("pool_id")] ?? .null
        let pool = poolID.textValue.flatMap { context.workspace.row(RowKey(entity: .pool, id: RowID($0))) }
        if let admins = pool?.values[FieldName("admin_user_ids")], Self.contains(admins, context.actor.rawValue) {
            throw CommandRefusal(code: "pool.admin_cannot_claim", message: "Pool admins distribute leads; they cannot claim them.")
        }
        let cap = context.actorRow()?.values[FieldName("max_owned_override")]?.integerValue.map(Int.init) ?? Self.defaultOwnershipCap
        let owned = context.workspace.rows(.lead, where: FieldName("owner_id"), equals: .text(context.actor.rawValue)).filter { !$0.row.isDeleted }.count
            + context.workspace.rows(.customer, where: FieldName("owner_id"), equals: .text(context.actor.rawValue)).filter { !$0.row.isDeleted }.count
        guard owned + 1 <= cap else {
            throw CommandRefusal(code: "ownership.limit_reached",
                                 message: "You own \(owned) leads and customers, the most allowed is \(cap); release one first.")
        }
        if let limit = pool?.values[FieldName("daily_claim_limit")]?.integerValue {
            let calendar = Self.companyCalendar
            let today = calendar.day(of: context.now)
            let claimedToday = context.workspace.rows(.ownershipEvent, where: FieldName("to_owner_id"), equals: .text(context.actor.rawValue))
                .filter { event in
                    // Opportunities that came along with a claimed customer are not claims of their own.
                    event.row.values[FieldName("action")]?.textValue == "claim"
                        && event.row.values[FieldName("subject_type")]?.textValue != EntityName.opportunity.rawValue
                        && event.row.values[FieldName("server_time")]?.integerValue.map(calendar.day(of:)) == today
                }.count
            guard claimedToday + 1 <= limit else {
                throw CommandRefusal(code: "pool.daily_limit_reached",
                                     message: "You have claimed \(claimedToday) of \(limit) pool leads today (company time); claim more tomorrow.")
            }
        }
        if subject.values[FieldName("previous_owner_id")]?.textValue == context.actor.rawValue,
           let cooldown = pool?.values[FieldName("pre_owner_cooldown_days")]?.integerValue,
           let lostAt = subject.values[FieldName("pool_entered_at")]?.integerValue {
            let days = Int64(Self.companyCalendar.daysBetween(lostAt, context.now))
            if days <= cooldown {
                throw CommandRefusal(code: "pool.previous_owner_cooldown",
                                     message: "You lost this \(command.entity) \(days) days ago; previous owners may claim it back after \(cooldown) days.")
            }
        }
        context.workspace.serverWrite(key, [
            "owner_id": .text(context.actor.rawValue), "pool_state": .text("private"), "pool_id": .null,
            "received_at": .integer(context.now),
        ], author: context.actor)
        context.ownershipEvent("claim", subject: key, from: .null, to: .text(context.actor.rawValue), poolID: poolID)
        // The open opportunities its last owner left with it come along (they stayed theirs in the pool).
        FollowingOpportunities.follow(key, from: subject.values[FieldName("previous_owner_id")]?.textValue, to: context.actor.rawValue,
                                      action: "claim", context: &context)
        context.audit("claim", entity: command.entity, ids: [command.rowID], before: .object(["owner_id": .null]),
                      after: .object(["owner_id": .text(context.actor.rawValue)]))
        return .applied
    }

    /// The company's days (R-7.4: "today" is the company time-zone day of the server).
    static let companyCalendar = CompanyCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    static func contains(_ set: FieldValue, _ word: String) -> Bool {
        if let list = set.listValue { return list.contains(.text(word)) }
        return ObservedRemoveSet(set)?.elements.contains(word) ?? false
    }
}
