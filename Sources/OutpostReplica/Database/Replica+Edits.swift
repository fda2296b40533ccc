import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostSQLite

extension Replica {
    /// Creates a row with `values` and journals one entry per field, in one transaction.
    ///
    /// The row must satisfy the schema as the server will check it: required fields present,
    /// row rules met (`EntitySchema.problems(in:isNew:)`). A `created_at` timestamp field is
    /// filled in when the schema has one and the caller did not. Returns the new row's UUIDv7 id.
    /// - Throws: `ReplicaError.invalidEdit` with the stable code of the first problem.
    /// - Parameters:
    ///   - id: the new row's id; a fresh UUIDv7 unless given (simulations pass seeded ids).
    ///   - now: the laptop's wall clock in ms (the replica corrects it by the offset
    ///     measured at the last handshake).
    @discardableResult
    public func create(_ entity: EntityName, id: RowID? = nil, values: [FieldName: FieldValue],
                       now: Int64 = WallClock.now()) throws -> RowID {
        let entitySchema = try editableSchema(entity, allowAppendOnly: true)
        var values = values
        if let createdAt = entitySchema.field(FieldName("created_at")), values[createdAt.name] == nil {
            values[createdAt.name] = .integer(now)
        }
        let id = id ?? UUIDv7.makeRowID(wallMilliseconds: now)
        try record(entity, id: id, values: values, now: now)
        return id
    }

    /// Changes fields of an existing row and journals one entry per field, in one transaction.
    /// - Throws: `ReplicaError.invalidEdit` when a value does not fit, or when the edit would
    ///   give the row a problem it did not have (`EntitySchema.problems(in:isNew:)`); problems
    ///   the row already had (written by an older app) do not block unrelated edits.
    public func update(_ entity: EntityName, id: RowID, values: [FieldName: FieldValue], now: Int64 = WallClock.now()) throws {
        _ = try editableSchema(entity, allowAppendOnly: false)
        try record(entity, id: id, values: values, now: now, requiringRow: true)
    }

    /// Deletes a row by writing its tombstone; the values stay beneath it for an undelete.
    /// - Throws: `ReplicaError.invalidEdit` with `MergedRecord.code` for a row merged into another.
    public func delete(_ entity: EntityName, id: RowID, now: Int64 = WallClock.now()) throws {
        try refuseIfMerged(entity, id: id)
        try update(entity, id: id, values: [.deleted: .bool(true)], now: now)
    }

    /// Undeletes a row: its latest values (including edits made while it was deleted) return.
    /// - Throws: `ReplicaError.invalidEdit` with `MergedRecord.code` for a row merged into
    ///   another: the server would send the write on to the row it was merged into.
    public func restore(_ entity: EntityName, id: RowID, now: Int64 = WallClock.now()) throws {
        try refuseIfMerged(entity, id: id)
        try update(entity, id: id, values: [.deleted: .bool(false)], now: now)
    }

    // MARK: - Private

    private func refuseIfMerged(_ entity: EntityName, id: RowID) throws {
        guard let head = try row(entity, id: id).flatMap({ MergedRecord.head(in: $0.values) }) else { return }
        throw ReplicaError.invalidEdit(entity: entity, field: .deleted, code: MergedRecord.code,
                                       reason: MergedRecord.message(entity: entity, head: head))
    }

    private func editableSchema(_ entity: EntityName, allowAppendOnly: Bool) throws -> EntitySchema {
        guard let entitySchema = schema.entity(entity) else {
            throw ReplicaError.invalidEdit(entity: entity, field: FieldName("*"), code: ChangeRejection.unknownEntity.code,
                                           reason: "there is no such entity.")
        }
        if entitySchema.kind == .appendOnly && !allowAppendOnly { throw ReplicaError.notEditable(entity: entity) }
        return entitySchema
    }

    /// Writes the row, its field stamps and the journal entries in one transaction: all land,
    /// or none does (invariant 2 starts here).
    /// - Parameter requiringRow: refuse with `ReplicaError.noSuchRow` when the row does not
    ///   exist (checked in the same transaction as the write).
    private func record(_ entity: EntityName, id: RowID, values: [FieldName: FieldValue], now: Int64, requiringRow: Bool = false) throws {
        _ = try inEditTransaction { db in
            try self.record(entity, id: id, values: values, now: now, requiringRow: requiringRow, in: db)
        } afterCommit: { db, state in
            self.editStateCache.keep(state, committedOn: db)
        }
    }

    /// `record` inside the caller's transaction.
    /// - Returns: the sync state the edit leaves (its clock advanced).
    @discardableResult
    func record(_ entity: EntityName, id: RowID, values: [FieldName: FieldValue], now: Int64, requiringRow: Bool = false,
                in db: Database) throws -> EditState {
        let existing = try self.tables[entity]!.load(id, in: db)
        if requiringRow, existing == nil { throw ReplicaError.noSuchRow(entity: entity, id: id.rawValue) }
        if entity == OutpostSchema.lead.name, let existing, OutpostSchema.Lead.isConverted(existing.values) {
            // The server would refuse it; said now, nothing journaled.
            throw ReplicaError.invalidEdit(entity: entity, field: values.keys.sorted().first ?? FieldName("*"),
                                           code: OutpostSchema.Lead.alreadyConvertedCode,
                                           reason: OutpostSchema.Lead.readOnlyMessage(existing.values))
        }
        var policies: [FieldName: MergePolicy] = [:]
        var values = values
        for (field, value) in values {
            do {
                // The same normalization as the server's: "+86 138-…" is journaled as 138….
                let (fieldSchema, canonical) = try self.schema.validate(entity: entity, field: field, value: value,
                                                                        replacing: existing?.values[field])
                policies[field] = fieldSchema.policy
                values[field] = canonical
            } catch {
                let rejection = error
                throw ReplicaError.invalidEdit(entity: entity, field: field, code: rejection.code,
                                               reason: rejection.message(entity: entity, field: field))
            }
        }
        for (field, value) in values.sorted(by: { $0.key < $1.key }) {
            if let reason = CommandOnlyValues.refusal(writing: value, to: field, of: entity) {
                // The server would refuse it (`field.command_only`); said now, nothing journaled.
                throw ReplicaError.invalidEdit(entity: entity, field: field, code: CommandOnlyValues.code, reason: reason)
            }
        }
        try refuseFixedCustomerType(writing: values, to: entity, id: id, existing: existing, in: db)
        try Self.checkRow(entity, existing: existing, edited: values, schema: self.schema)
        // After `load`: the transaction has read from the file, as the kept state needs.
        var state = try editState(in: db)
        if let refusal = try permissionRefusal(writing: values, to: entity, id: id, existing: existing,
                                               user: state.user, device: state.device, in: db) {
            // The server would refuse it for who the user is (invariant 4); said now, nothing journaled.
            throw ReplicaError.invalidEdit(entity: entity, field: refusal.field ?? values.keys.sorted().first ?? FieldName("*"),
                                           code: refusal.code, reason: refusal.message)
        }
        let adjustedNow = now + state.serverOffset
        var row = existing ?? RowState(reservingCapacity: values.count)
        let planBases = existing == nil && entity == OutpostSchema.FollowUp.schema.name ? try followUpPlanBases(values, in: db) : [:]
        var entries: [JournalDraft] = []
        entries.reserveCapacity(values.count)
        for (field, value) in values.sorted(by: { $0.key < $1.key }) {
            let base = row.stamps[field]?.clock ?? planBases[field]
            let stamp = state.clock.tick(now: adjustedNow)
            let change = FieldChange(entity: entity, rowID: id, field: field,
                                     version: FieldVersion(value: value, clock: stamp, author: state.user), base: base)
            let outcome = row.merge(change, policy: policies[field]!)
            if case .reject(let rejection) = outcome.decision {
                throw ReplicaError.invalidEdit(entity: entity, field: field, code: rejection.code,
                                               reason: rejection.message(entity: entity, field: field))
            }
            entries.append(JournalDraft(field: field, value: value, clock: stamp, base: base))
        }
        try Self.journal(entries, of: entity, id: id, recordedAt: now, in: db)
        try self.tables[entity]!.save(id, row, replacing: existing, in: db)
        // The clock is not saved: the last journal entry holds it (`clock(in:deviceID:)`).
        return state
    }

    /// Inserts an edit's journal entries (in field order) in one statement: one statement step
    /// instead of one per field.
    private static func journal(_ entries: [JournalDraft], of entity: EntityName, id: RowID, recordedAt: Int64,
                                in db: Database) throws {
        guard !entries.isEmpty else { return }
        let insert = DirectStatement(try db.cachedStatement(sql: journalInsertSQL(entries: entries.count)))
        for (number, entry) in entries.enumerated() {
            let first = number * journalInsertColumns + 1
            try insert.bind(entity.rawValue, at: first)
            try insert.bind(id.rawValue, at: first + 1)
            try insert.bind(entry.field.rawValue, at: first + 2)
            try insert.bind(entry.value.jsonText, at: first + 3)
            try insert.bind(entry.clock.description, at: first + 4)
            if let base = entry.base { try insert.bind(base.description, at: first + 5) } else { try insert.bindNull(at: first + 5) }
            try insert.bind(recordedAt, at: first + 6)
        }
        try insert.execute()
    }

    /// The parameters of one journal entry in `journalInsertSQL`.
    private static let journalInsertColumns = 7

    /// The insert of `entries` journal entries, its SQL made once for the usual sizes.
    private static func journalInsertSQL(entries: Int) -> String {
        entries <= commonJournalInserts.count ? commonJournalInserts[entries - 1] : makeJournalInsertSQL(entries: entries)
    }

    private static let commonJournalInserts = (1...16).map { makeJournalInsertSQL(entries: $0) }

    private static func makeJournalInsertSQL(entries: Int) -> String {
        "INSERT INTO journal (entity, row_id, field, value, clock, base, recorded_at) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: entries).joined(separator: ", ")
    }

    /// Refuses an edit that gives the row a problem: the same row rules the server checks, so
    /// a laptop never journals a row the server will refuse.
    private static func checkRow(_ entity: EntityName, existing: RowState?, edited: [FieldName: FieldValue], schema: Schema) throws {
        guard let entitySchema = schema.entity(entity) else { return }
        let after = entitySchema.problems(in: (existing?.values ?? [:]).merging(edited) { $1 }, isNew: existing == nil)
        guard !after.isEmpty else { return }   // the row as it was is judged only when needed
        let before = existing.map { entitySchema.problems(in: $0.values, isNew: false) } ?? []
        let new = after.filter { !before.contains($0) }
        guard let problem = new.first else { return }
        // Fields the schema requires (a row rule's "one of these" keeps its own words).
        let missing = new.filter { $0.code == RowProblem.requiredCode && entitySchema.field($0.field)?.isRequired == true }.map(\.field)
        if problem.code == RowProblem.requiredCode, missing.count > 1 {
            // Every missing field at once, not one per attempt.
            throw ReplicaError.invalidEdit(entity: entity, field: problem.field, code: problem.code,
                                           reason: "these required fields are missing: \(missing.map(\.rawValue).joined(separator: ", ")).")
        }
        throw ReplicaError.invalidEdit(entity: entity, field: problem.field, code: problem.code, reason: problem.message)
    }
}

/// The laptop's wall clock: the only place the replica reads the time.
public enum WallClock {
    /// Milliseconds since 1970.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

/// One field of an edit as its journal entry records it.
private struct JournalDraft {
    var field: FieldName
    var value: FieldValue
    var clock: HLCTimestamp
    /// The clock of the version the edit replaced (nil for a field never written).
    var base: HLCTimestamp?
}
