import OutpostCore

/// Which scope keys a row carries, decided from the row and its parents:
///
/// - a lead or customer: `all`, its branch, and either its owner (its maker while it has
///   none) or, in the public pool, the branch's pool; plus its read-write and read-only team members;
/// - a child (contact, student, opportunity, appointment, paid order, stage change, ownership
///   event, duplicate link, follow-up, check-in): its parent's keys (an opportunity adds its
///   own owner);
/// - a follow-up, check-in or audit entry also carries its author's `owner` key, and an
///   appointment its creator's (`created_by`, stamped by the server), so its author keeps it
///   after the subject leaves their scope (R-8.1 e);
/// - an appointment booked into a trial session that names its teacher carries that teacher's
///   `reader` key: the teacher reads it, and writes only its attendance and feedback
///   (`WritePermission`); a session given another teacher hands them to the new one
///   (`ScopeTracker`);
/// - a notification carries only its recipient's `owner` key (it is theirs, whatever it is about);
/// - everything else (units, users, pools, courses, sessions, tags): `org`, read by everyone.
///
/// Pure: rows are read through the closure, which notes what it lacks.
enum RowScopeRules {
    /// The fields that name a row's parent, with the parent's entity.
    static let parentFields: [(field: String, entity: EntityName)] = [
        ("customer_id", .customer), ("lead_id", .lead), ("opportunity_id", .opportunity),
    ]

    /// The fields naming the person who wrote a fact.
    static let authorFields = ["author_id", "user_id", "actor_id"]

    /// Entities whose rows their creator keeps for good, though they name no author field
    /// (R-8.1 e: "U authored a FollowUp/CheckIn/Appointment").
    static let keptByCreator: Set<EntityName> = [.appointment]

    /// The field naming the one person a row is for (a notification).
    static let recipientField = FieldName("recipient_id")

    /// The keys of the row `key` holds, reading rows (the row itself and its parents) with `read`.
    static func keys(of key: RowKey, schema: Schema, read: (RowKey) -> RowState?) -> Set<ScopeKey> {
        keys(of: key, schema: schema, depth: 0, read: read)
    }

    /// Whether rows of `entity` carry keys other than `org`.
    static func isScoped(_ entity: EntityName, schema: Schema) -> Bool {
        guard let declared = schema.entity(entity) else { return false }
        if isSubject(declared) { return true }
        if declared.field(recipientField) != nil { return true }
        if declared.field(FieldName("subject_id")) != nil { return true }
        if entity == .auditLog { return true }
        return parentFields.contains { declared.field(FieldName($0.field)) != nil && schema.entity($0.entity) != nil }
    }

    /// The children whose keys follow a row's: (child entity, field naming the parent), for
    /// every entity of `schema` that has such a field.
    static func childLinks(of parent: EntityName, schema: Schema) -> [(entity: EntityName, field: FieldName)] {
        var links: [(EntityName, FieldName)] = []
        for entity in schema.entities where !isSubject(entity) {
            if entity.field(FieldName("subject_id")) != nil {
                links.append((entity.name, FieldName("subject_id")))
            }
            for (field, entityName) in parentFields where entityName == parent && entity.field(FieldName(field)) != nil {
                links.append((entity.name, FieldName(field)))
            }
        }
        return links
    }

    /// The row a child hangs from, if it names one.
    static func parent(of key: RowKey, row: RowState, schema: Schema) -> RowKey? {
        guard let declared = schema.entity(key.entity), !isSubject(declared) else { return nil }
        if let type = row.values[FieldName("subject_type")]?.textValue, let id = row.values[FieldName("subject_id")]?.textValue,
           !id.isEmpty, schema.entity(EntityName(type)) != nil {
            return RowKey(entity: EntityName(type), id: RowID(id))
        }
        for (field, entity) in parentFields where declared.field(FieldName(field)) != nil {
            if let id = row.values[FieldName(field)]?.textValue, !id.isEmpty { return RowKey(entity: entity, id: RowID(id)) }
        }
        return nil
    }

    /// The teacher of the trial session an appointment is booked into, if it names one.
    static func sessionTeacher(of appointment: RowState, read: (RowKey) -> RowState?) -> String? {
        guard let session = appointment.values[FieldName("trial_session_id")]?.textValue, !session.isEmpty,
              let teacher = read(RowKey(entity: .trialSession, id: RowID(session)))?.values[FieldName("teacher_id")]?.textValue,
              !teacher.isEmpty else { return nil }
        return teacher
    }

    // MARK: - Private

    /// Leads and customers: rows with an owner and a pool state of their own.
    private static func isSubject(_ entity: EntitySchema) -> Bool {
        entity.field(FieldName("owner_id")) != nil && entity.field(FieldName("pool_state")) != nil
    }

    private static func keys(of key: RowKey, schema: Schema, depth: Int, read: (RowKey) -> RowState?) -> Set<ScopeKey> {
        guard let declared = schema.entity(key.entity), isScoped(key.entity, schema: schema) else { return [.organisation] }
        guard let row = read(key) else { return [] }
        func text(_ field: String) -> String? {
            guard let text = row.values[FieldName(field)]?.textValue, !text.isEmpty else { return nil }
            return text
        }
        if isSubject(declared) {
            var keys: Set<ScopeKey> = [.everything]
            let branch = text("branch_id")
            if let branch { keys.insert(.branch(branch)) }
            if text("pool_state") == "public" {
                keys.insert(.pool(branch ?? "none"))
            } else if let owner = text("owner_id") {
                keys.insert(.owner(owner))
            } else if let creator = text("created_by") {
                keys.insert(.owner(creator))   // not owned yet (a provisional row of an offline convert): its maker's
            }
            for member in row.values[FieldName("rw_member_ids")]?.listValue ?? [] {
                if let id = member.textValue { keys.insert(.member(id)) }
            }
            for reader in row.values[FieldName("ro_member_ids")]?.listValue ?? [] {
                if let id = reader.textValue { keys.insert(.reader(id)) }
            }
            return keys
        }
        if declared.field(recipientField) != nil {
            return text(recipientField.rawValue).map { [.owner($0)] } ?? [.everything]
        }
        var keys: Set<ScopeKey> = []
        if depth < 4, let parent = parent(of: key, row: row, schema: schema) {
            keys = self.keys(of: parent, schema: schema, depth: depth + 1, read: read)
        }
        if keys.isEmpty { keys = [.everything] }   // an orphan (its parent unknown): head office only, and its author
        if key.entity == .opportunity, let owner = text("owner_id") { keys.insert(.owner(owner)) }
        for field in authorFields where declared.field(FieldName(field)) != nil {
            if let author = text(field) { keys.insert(.owner(author)) }
        }
        if keptByCreator.contains(key.entity), let creator = text("created_by") { keys.insert(.owner(creator)) }
        if key.entity == .appointment, let teacher = sessionTeacher(of: row, read: read) { keys.insert(.reader(teacher)) }
        return keys
    }
}
