import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `convert`: a lead becomes a customer with a contact, optionally a student and an
/// opportunity (R-14.x). The device creates those rows first, marked `provisional`, and names
/// them in the arguments (`customer_id`, `contact_id`, `student_id`, `opportunity_id`).
///
/// The first convert of a lead adopts them. A later one (another laptop converted the same
/// lead offline) is answered `lead.already_converted` with an alias map, provisional id →
/// the id of the row that stands for it; its provisional rows are merged into those rows, so
/// nothing written to them is lost (DOMAIN §6.6); one naming the customer the lead already
/// became is refused `lead.already_converted` and changes nothing. A lead marked invalid
/// meanwhile is still converted, and the `invalid` goes to the conflict log.
struct ConvertCommand: CommandHandler {
    /// The rows a convert names under the customer, by argument.
    private static let parts: [(argument: String, entity: EntityName)] = [
        ("contact_id", .contact), ("student_id", .student), ("opportunity_id", .opportunity),
    ]
    /// Every provisional row a convert names, by argument: the customer, then its parts.
    static let namedRows: [(argument: String, entity: EntityName)] = [("customer_id", .customer)] + parts
    /// The lead's fields a laptop copies into the rows it makes for a convert (R-14.2,
    /// `Replica.convert`): row (by argument), its field, the lead's field.
    private static let copies: [(argument: String, entity: EntityName, field: String, leadField: String)] = [
        ("customer_id", .customer, "mobile", "mobile"),
        ("contact_id", .contact, "name", "contact_name"), ("contact_id", .contact, "mobile", "mobile"),
        ("contact_id", .contact, "wechat_id", "wechat_id"),
        ("student_id", .student, "name", "student_name"),
    ]

    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let leadKey = RowKey(entity: .lead, id: command.rowID)
        let lead = try context.subject(expecting: "lead")
        let customerKey = RowKey(entity: .customer, id: RowID(try context.argument("customer_id")))
        if let refusal = ConvertedLeads.refusal(of: lead.values) {
            // Converting it again into the customer it became would only write it again.
            guard let existing = lead.values[FieldName("converted_customer_id")]?.textValue, existing != customerKey.id.rawValue else {
                throw refusal
            }
            return alias(to: RowKey(entity: .customer, id: RowID(existing)), lead: leadKey, provisional: customerKey, context: &context)
        }
        let customer = try context.requireRow(customerKey)
        try context.requireChangeable(customerKey)
        try Self.requireProvisional(customer, named: "customer_id", key: customerKey)
        let owner = lead.values[FieldName("owner_id")] ?? .text(context.actor.rawValue)
        let branch = lead.values[FieldName("branch_id")] ?? .null
        guard owner.textValue == context.actor.rawValue || context.actorMay(CommandPermission.manageOthers) else {
            throw CommandRefusal(code: "permission.not_owner", message: "Only the lead's owner (or a manager) may convert it.")
        }
        let status = lead.values[FieldName("status")]
        context.workspace.serverWrite(leadKey, [
            "status": context.workspace.value("converted", for: .lead, field: "status", epoch: StageValue(status ?? .null)?.epoch ?? 0),
            "converted_customer_id": .text(customerKey.id.rawValue),
        ], author: context.actor)
        if PlanWorkspace.word(status) == "invalid", let invalid = lead.version(of: FieldName("status")), invalid.author != context.actor,
           let converted = context.workspace.row(leadKey)?.version(of: FieldName("status")) {
            // `converted` beats a concurrent `invalid` (the created customer backs it): whoever
            // marked the lead invalid finds their acknowledged write in the conflict log
            // (invariant 2), as they would find `lead.already_converted` had the convert come first.
            context.workspace.logConflict(ConflictRecord(entity: .lead, rowID: leadKey.id, field: FieldName("status"),
                                                         winner: converted, loser: invalid, rule: "forwardOnly"))
        }
        refreshCopies(command, of: lead, context: &context)
        var customerFill: [String: FieldValue] = [:]
        for field in ["mobile", "source_channel", "referrer_customer_id", "campaign_id", "address"] {
            if (customer.values[FieldName(field)] ?? .null) == .null, let value = lead.values[FieldName(field)], value != .null {
                customerFill[field] = value
            }
        }
        context.workspace.commandWrite(customerKey, customerFill, author: context.actor)
        context.workspace.serverWrite(customerKey, [
            "converted_from_lead_id": .text(leadKey.id.rawValue), "owner_id": owner, "branch_id": branch,
            "pool_state": .text("private"), "provisional": .bool(false), "received_at": .integer(context.now),
        ], author: context.actor)
        var ids = [leadKey.id, customerKey.id]
        for (argument, entity) in Self.parts {
            guard let id = command.arguments[argument]?.textValue else { continue }
            let key = RowKey(entity: entity, id: RowID(id))
            let part = try context.requireRow(key)
            try context.requireChangeable(key)
            try Self.requireProvisional(part, named: argument, key: key)
            var values: [String: FieldValue] = ["provisional": .bool(false), "customer_id": .text(customerKey.id.rawValue)]
            if entity == .contact || entity == .opportunity { values["owner_id"] = owner }
            if entity == .contact, (context.workspace.row(key)?.values[FieldName("do_not_contact")] ?? .null) == .null {
                values["do_not_contact"] = .bool(false)   // DOMAIN §1.6 default, as `RowCreation` gives a contact made directly
            }
            if entity == .opportunity {
                values["branch_id"] = branch
                values["source_lead_id"] = .text(leadKey.id.rawValue)
            }
            context.workspace.serverWrite(key, values, author: context.actor)
            ids.append(key.id)
        }
        link(command, customer: customerKey, context: &context)
        context.ownershipEvent("convert", subject: customerKey, from: .null, to: owner)
        context.audit("convert", entity: .lead, ids: ids)
        return .applied
    }

    /// Refuses a row a convert names that is not one of its provisional rows: a customer (or
    /// contact, student, opportunity) another conversion adopted, or one made directly, is
    /// someone's record, never taken over by a convert (its owner, branch and mobile would move).
    private static func requireProvisional(_ row: RowState, named argument: String, key: RowKey) throws(CommandRefusal) {
        guard row.values[FieldName("provisional")]?.boolValue != true else { return }
        throw CommandRefusal(code: "command.invalid_argument",
                             message: "'\(argument)' names the \(key.entity) '\(key.id)', which is not a provisional row made for this convert (it is an existing record); a convert adopts only the rows its laptop made for it. Nothing was changed.")
    }

    /// Puts the lead's values as the server holds them over the laptop's copies in the rows the
    /// convert made: a colleague's correction of the lead's mobile or name that
    /// reached the server before the convert is what the customer and contact start from, not
    /// the value the converting laptop had last pulled. Each write sits just above the copy,
    /// with the author of the lead's value, so an edit the laptop made to those rows after the
    /// convert still wins.
    private func refreshCopies(_ command: PushCommand, of lead: RowState, context: inout CommandContext) {
        for copy in Self.copies {
            guard let id = command.arguments[copy.argument]?.textValue,
                  let current = lead.version(of: FieldName(copy.leadField)), current.value != .null,
                  let policy = context.workspace.schema.entity(copy.entity)?.field(FieldName(copy.field))?.policy else { continue }
            let key = RowKey(entity: copy.entity, id: RowID(id))
            guard let row = context.workspace.row(key) else { continue }
            let copied = row.version(of: FieldName(copy.field))
            guard copied?.value != current.value else { continue }
            let clock = (copied?.clock ?? command.clock).successor(on: PlanWorkspace.serverDevice)
            _ = context.workspace.merge(FieldChange(entity: key.entity, rowID: key.id, field: FieldName(copy.field),
                                                    version: FieldVersion(value: current.value, clock: clock, author: current.author),
                                                    base: copied?.clock),
                                        policy: policy)
        }
    }

    /// Links a late convert's kept rows (those the winner had no counterpart for) where the
    /// rows leave the link empty: the lead's opportunities (the winner's, or a kept one) take
    /// the student and contact standing for the convert's (the winner's, or kept ones), and a
    /// kept contact becomes the customer's primary contact.
    private func linkKept(_ kept: [EntityName: RowKey], standIns: [EntityName: RowKey], customer: RowKey, lead: RowKey,
                          context: inout CommandContext) {
        guard !kept.isEmpty else { return }
        let opportunities = context.workspace.rows(.opportunity, where: FieldName("source_lead_id"), equals: .text(lead.id.rawValue))
            .filter { !$0.row.isDeleted }.map { RowKey(entity: .opportunity, id: $0.id) }
        var links: [(RowKey, String, RowKey)] = []
        if let student = standIns[.student] { links += opportunities.map { ($0, "student_id", student) } }
        if let contact = standIns[.contact] { links += opportunities.map { ($0, "primary_contact_id", contact) } }
        if let contact = kept[.contact] { links.append((customer, "primary_contact_id", contact)) }
        for (key, field, target) in links where (context.workspace.row(key)?.values[FieldName(field)] ?? .null) == .null {
            context.workspace.commandWrite(key, [field: .text(target.id.rawValue)], author: context.actor)
        }
    }

    /// Points the rows one convert made at each other where the laptop left the link empty:
    /// the customer's primary contact, the opportunity's student and primary contact.
    private func link(_ command: PushCommand, customer: RowKey, context: inout CommandContext) {
        let contact = command.arguments["contact_id"]?.textValue
        let student = command.arguments["student_id"]?.textValue
        let opportunity = command.arguments["opportunity_id"]?.textValue.map { RowKey(entity: .opportunity, id: RowID($0)) }
        let links: [(RowKey?, String, String?)] = [
            (customer, "primary_contact_id", contact), (opportunity, "student_id", student), (opportunity, "primary_contact_id", contact),
        ]
        for case let (key?, field, id?) in links where (context.workspace.row(key)?.values[FieldName(field)] ?? .null) == .null {
            context.workspace.commandWrite(key, [field: .text(id)], author: context.actor)
        }
    }

    /// Another convert won: merge this convert's provisional rows into the winner's and
    /// answer with the alias map.
    private func alias(to customer: RowKey, lead: RowKey, provisional: RowKey, context: inout CommandContext) -> CommandOutcome {
        var aliases = [provisional.id.rawValue: customer.id.rawValue]
        var pairs = [(provisional, customer)]
        var kept: [EntityName: RowKey] = [:], standIns: [EntityName: RowKey] = [:]
        let customerRow = context.workspace.row(customer)
        for (argument, entity) in Self.parts {
            guard let id = context.command.arguments[argument]?.textValue else { continue }
            let mine = RowKey(entity: entity, id: RowID(id))
            let link = entity == .opportunity ? ("source_lead_id", lead.id) : ("customer_id", customer.id)
            let theirs = context.workspace.rows(entity, where: FieldName(link.0), equals: .text(link.1.rawValue))
                .filter { !$0.row.isDeleted && $0.id != mine.id }.first
            if let theirs {
                aliases[mine.id.rawValue] = theirs.id.rawValue
                pairs.append((mine, RowKey(entity: entity, id: theirs.id)))
                standIns[entity] = RowKey(entity: entity, id: theirs.id)
            } else if let row = context.workspace.row(mine) {
                // The winner has no such row (no opportunity, say): keep this one, under the real
                // customer, with what the winning convert gives its own rows (round 33: a kept
                // opportunity had no owner, branch or lead, which DOMAIN §1.7 requires).
                var values: [String: FieldValue] = ["customer_id": .text(customer.id.rawValue), "provisional": .bool(false)]
                if entity == .contact || entity == .opportunity { values["owner_id"] = customerRow?.values[FieldName("owner_id")] ?? .null }
                if entity == .contact, (row.values[FieldName("do_not_contact")] ?? .null) == .null { values["do_not_contact"] = .bool(false) }
                if entity == .opportunity {
                    values["branch_id"] = customerRow?.values[FieldName("branch_id")] ?? .null
                    values["source_lead_id"] = .text(lead.id.rawValue)
                }
                context.workspace.serverWrite(mine, values, author: context.actor)
                kept[entity] = mine
                standIns[entity] = mine
            }
        }
        for (mine, theirs) in pairs where context.workspace.row(mine) != nil {
            RecordMerger.merge(head: theirs, tails: [mine], author: context.actor, in: &context.workspace)
        }
        linkKept(kept, standIns: standIns, customer: customer, lead: lead, context: &context)
        return CommandOutcome(
            refusal: CommandRefusal(code: "lead.already_converted",
                                    message: "This lead was already converted to customer \(customer.id); your provisional records were merged into it."),
            aliases: aliases)
    }
}
