import GRDB
import OutpostCore
import OutpostDomain

extension Replica {
    /// The `base` of a new follow-up's plan fields (spec §9.2): for each plan field it sets,
    /// the clock of the subject's field it moves, as this replica holds it. The server merges
    /// its write to the subject with it, so moving the intent the salesperson had in front of
    /// them is a fast-forward, not a conflict. Empty when the subject is not held here.
    func followUpPlanBases(_ values: [FieldName: FieldValue], in db: Database) throws -> [FieldName: HLCTimestamp] {
        guard let subjectType = values[FieldName("subject_type")]?.textValue,
              let subjectID = values[FieldName("subject_id")]?.textValue,
              let table = tables[EntityName(subjectType)],
              let subject = try table.load(RowID(subjectID), in: db) else { return [:] }
        var bases: [FieldName: HLCTimestamp] = [:]
        for (field, subjectField) in OutpostSchema.FollowUp.plans where (values[field] ?? .null) != .null {
            bases[field] = subject.stamps[subjectField]?.clock
        }
        return bases
    }
}

extension Replica {
    /// `rows` of `entity` as they will read once this laptop's unsent follow-ups reach the
    /// server, for showing them offline (DOMAIN §3.2 rule 4): a follow-up the user logged on a
    /// subject they own carries its plans (`intent_level_after`, `next_followup_at`) to the
    /// subject where its clock is the newer, and its `occurred_at` to `last_followup_at`, as
    /// the server will do. Nothing is stored: the next sync brings the server's own versions.
    /// Subjects owned by someone else, or in the public pool, are shown as stored (the server
    /// decides whether their plans move, `FollowUpRules`).
    public func showingUnsentFollowUpPlans(_ rows: [(id: RowID, state: RowState)],
                                           of entity: EntityName) throws -> [(id: RowID, state: RowState)] {
        guard entity != OutpostSchema.followUp.name, let followUps = tables[OutpostSchema.followUp.name],
              let subjects = schema.entity(entity) else { return rows }
        let unsent = try database.read { db in
            let ids = try String.fetchAll(db, sql: "SELECT DISTINCT row_id FROM journal WHERE state = 'pending' AND entity = ?",
                                          arguments: [OutpostSchema.followUp.name.rawValue])
            return try ids.compactMap { try followUps.load(RowID($0), in: db) }
        }
        let user = try settings().userID
        let plans = Dictionary(grouping: unsent.filter { $0.values[FieldName("subject_type")]?.textValue == entity.rawValue },
                               by: { RowID($0.values[FieldName("subject_id")]?.textValue ?? "") })
        guard !plans.isEmpty else { return rows }
        return rows.map { row in
            guard let logged = plans[row.id], Self.isOwnedHere(row.state, by: user) else { return row }
            return (row.id, logged.reduce(row.state) { Self.carryingPlans($0, of: $1, in: subjects) })
        }
    }

    /// Whether `user` owns `subject`, or will once the server has it: a row with no owner
    /// outside the public pool was created on this laptop and not synced yet (the server makes
    /// its author the owner). A subject without an owner field counts as the user's.
    private static func isOwnedHere(_ subject: RowState, by user: UserID) -> Bool {
        switch subject.values[FieldName("owner_id")] {
        case .text(let owner): owner == user.rawValue
        default: subject.values[FieldName("pool_state")]?.textValue != "public"
        }
    }

    /// `subject` (a row of `entity`) with what `followUp` carries to it: each plan field
    /// where the follow-up's clock is newer than the subject's version, and its time to
    /// `last_followup_at` when later (the server writes that one itself, whatever the clocks).
    static func carryingPlans(_ subject: RowState, of followUp: RowState, in entity: EntitySchema) -> RowState {
        guard let occurred = followUp.version(of: FieldName("occurred_at")) else { return subject }
        var carried = subject
        func carry(_ value: FieldValue, to field: FieldName) {
            guard entity.field(field) != nil else { return }
            carried.values[field] = value
            carried.stamps[field] = FieldStamp(clock: occurred.clock, author: occurred.author)
        }
        for (source, target) in OutpostSchema.FollowUp.plans {
            guard let value = followUp.values[source], value != .null,
                  (carried.stamps[target]?.clock).map({ $0 < occurred.clock }) ?? true else { continue }
            carry(value, to: target)
        }
        let lastFollowUp = FieldName("last_followup_at")
        if let at = occurred.value.integerValue, at > (carried.values[lastFollowUp]?.integerValue ?? .min) {
            carry(.integer(at), to: lastFollowUp)
        }
        return carried
    }
}
