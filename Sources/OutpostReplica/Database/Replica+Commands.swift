import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol

extension Replica {
    /// Queues a command (claim, release, transfer, convert, merge, reopen, mark_won, book,
    /// clear_do_not_contact) for the server, in the journal beside the edits: it is pushed in
    /// order with them at the next sync and its answer (applied, or rejected with a code)
    /// stays visible. Nothing changes locally until the server's effects are pulled.
    /// - Returns: the command's id.
    /// - Throws: `ReplicaError.refusedCommand` when the subject is a lead this laptop knows was
    ///   converted: read-only, the server would refuse any command on it.
    @discardableResult
    public func enqueue(_ name: CommandName, on entity: EntityName, id: RowID, arguments: [String: FieldValue] = [:],
                       now: Int64 = WallClock.now()) throws -> RowID {
        try database.write { db in
            try self.enqueue(name, on: entity, id: id, arguments: arguments, now: now, in: db)
        }
    }

    /// Converts a lead offline: creates a provisional customer and contact (and a
    /// student and an opportunity when asked) from the lead's values, and queues `convert`
    /// naming them, all in one transaction. If another laptop converted the lead first, the
    /// server merges these rows into its own and answers with an alias map.
    /// - Throws: `ReplicaError.refusedCommand`, and nothing is made, when this laptop already
    ///   knows the lead was converted.
    public func convert(lead: RowID, relation: String = "mother", withStudent: Bool = true, withOpportunity: Bool = true,
                        now: Int64 = WallClock.now()) throws -> ConvertedLead {
        try database.write { db in
            guard let row = try self.tables[EntityName("lead")]?.load(lead, in: db), !row.isDeleted else {
                throw ReplicaError.noSuchRow(entity: EntityName("lead"), id: lead.rawValue)
            }
            func value(_ field: String) -> FieldValue? {
                guard let value = row.values[FieldName(field)], value != .null else { return nil }
                return value
            }
            let contactName = value("contact_name") ?? .text("?")
            var result = ConvertedLead(customer: UUIDv7.makeRowID(wallMilliseconds: now), contact: UUIDv7.makeRowID(wallMilliseconds: now))
            var customer: [FieldName: FieldValue] = [
                FieldName("name"): .text((value("student_name")?.textValue ?? contactName.textValue ?? "?") + "家"),
                FieldName("customer_type"): .text("family"), FieldName("provisional"): .bool(true),
            ]
            customer[FieldName("mobile")] = value("mobile")
            try self.recordNew(EntityName("customer"), id: result.customer, values: customer, now: now, in: db)
            var contact: [FieldName: FieldValue] = [
                FieldName("customer_id"): .text(result.customer.rawValue), FieldName("name"): contactName,
                FieldName("relation"): .text(relation), FieldName("provisional"): .bool(true),
            ]
            contact[FieldName("mobile")] = value("mobile")
            contact[FieldName("wechat_id")] = value("wechat_id")
            try self.recordNew(EntityName("contact"), id: result.contact, values: contact, now: now, in: db)
            var arguments: [String: FieldValue] = ["customer_id": .text(result.customer.rawValue), "contact_id": .text(result.contact.rawValue)]
            if withStudent, let studentName = value("student_name") {
                let student = UUIDv7.makeRowID(wallMilliseconds: now)
                try self.recordNew(EntityName("student"), id: student, values: [
                    FieldName("customer_id"): .text(result.customer.rawValue), FieldName("name"): studentName,
                    FieldName("provisional"): .bool(true),
                ], now: now, in: db)
                result.student = student
                arguments["student_id"] = .text(student.rawValue)
            }
            if withOpportunity {
                let opportunity = UUIDv7.makeRowID(wallMilliseconds: now)
                try self.recordNew(EntityName("opportunity"), id: opportunity, values: [
                    FieldName("customer_id"): .text(result.customer.rawValue),
                    FieldName("name"): .text((value("student_name") ?? contactName).textValue ?? "?"),
                    FieldName("stage"): StageValue(epoch: 0, stage: "intent_confirmed").fieldValue,
                    FieldName("outcome"): .text("open"), FieldName("provisional"): .bool(true),
                ], now: now, in: db)
                result.opportunity = opportunity
                arguments["opportunity_id"] = .text(opportunity.rawValue)
            }
            result.command = try self.enqueue(.convert, on: EntityName("lead"), id: lead, arguments: arguments, now: now, in: db)
            return result
        }
    }

    // MARK: - Private

    /// A new row inside the caller's transaction, with `created_at` filled in when the entity has one.
    private func recordNew(_ entity: EntityName, id: RowID, values: [FieldName: FieldValue], now: Int64, in db: Database) throws {
        var values = values.filter { schema.entity(entity)?.field($0.key) != nil }
        if schema.entity(entity)?.field(FieldName("created_at")) != nil, values[FieldName("created_at")] == nil {
            values[FieldName("created_at")] = .integer(now)
        }
        try record(entity, id: id, values: values, now: now, in: db)
    }

    private func enqueue(_ name: CommandName, on entity: EntityName, id: RowID, arguments: [String: FieldValue],
                         now: Int64, in db: Database) throws -> RowID {
        guard schema.entity(entity) != nil else {
            throw ReplicaError.invalidEdit(entity: entity, field: FieldName("*"), code: "change.unknown_entity", reason: "there is no such entity.")
        }
        if entity == OutpostSchema.lead.name, let lead = try tables[entity]?.load(id, in: db), OutpostSchema.Lead.isConverted(lead.values) {
            // The server would refuse it; said now, nothing queued (and, for a convert,
            // the provisional rows made in this transaction go with it).
            throw ReplicaError.refusedCommand(command: name, entity: entity, id: id, code: OutpostSchema.Lead.alreadyConvertedCode,
                                              reason: OutpostSchema.Lead.readOnlyMessage(lead.values))
        }
        let state = try Self.syncState(in: db)
        let settings = try self.settings(from: state)
        if let (permission, act) = CommandPermission.alwaysRequired(byCommand: name.rawValue, on: entity.rawValue),
           let held = try permissionsHeld(by: settings.userID, in: db), !held.contains(permission) {
            // The server would refuse it for who the user is; said now, nothing queued.
            throw ReplicaError.refusedCommand(command: name, entity: entity, id: id, code: CommandPermission.refusalCode,
                                              reason: CommandPermission.refusalMessage(permission, to: act))
        }
        var clock = try self.clock(from: state, deviceID: settings.deviceID, in: db)
        let adjustedNow = now + (state[.serverOffset].flatMap(Int64.init) ?? 0)
        let stamp = clock.tick(now: adjustedNow)
        let commandID = UUIDv7.makeRowID(wallMilliseconds: now)
        try db.execute(sql: """
            INSERT INTO journal (entity, row_id, field, value, clock, recorded_at, command_id) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entity.rawValue, id.rawValue, name.rawValue,
                             FieldValue.object(arguments).jsonText,
                             stamp.description, now, commandID.rawValue])
        return commandID   // the entry holds the clock's new reading: nothing else to save
    }
}

extension Replica {
    /// What `user` may do beyond editing (`CommandPermission.held`), from the user's row and
    /// roles this laptop holds; nil when it cannot tell: before the first sync brought the
    /// user's row, or while a role the row names has not arrived (then the server decides).
    func permissionsHeld(by user: UserID, in db: Database) throws -> Set<String>? {
        guard let me = try tables[OutpostSchema.User.schema.name]?.load(RowID(user.rawValue), in: db) else { return nil }
        let named = (me.values[FieldName("role_ids")]?.listValue ?? []).compactMap(\.textValue)
        let roleTable = tables[EntityName("role")]
        let roles = try named.compactMap { try roleTable?.load(RowID($0), in: db) }
        guard roles.count == named.count else { return nil }
        return CommandPermission.held(by: me, roles: roles)
    }
}

/// The provisional rows an offline convert made, and the queued command.
public struct ConvertedLead: Sendable, Hashable {
    /// The provisional customer.
    public var customer: RowID
    /// The provisional contact.
    public var contact: RowID
    /// The provisional student, when the lead named one.
    public var student: RowID?
    /// The provisional opportunity, when asked for.
    public var opportunity: RowID?
    /// The queued `convert` command's id.
    public var command: RowID?
}
