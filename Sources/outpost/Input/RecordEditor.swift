import OutpostCore
import OutpostReplica

/// Applies `field=value` words and clears to one existing row: what `outpost edit` and
/// `outpost tag` share.
struct RecordEditor {
    /// The replica holding the row.
    var replica: Replica
    /// The row's entity.
    var entity: EntitySchema
    /// The row.
    var rowID: RowID

    /// Reads the words against the row's current values and writes them in one update.
    /// - Returns: the schema names of the fields written, sorted.
    /// - Throws: `InputError` for words that do not fit, `ReplicaError` when the replica refuses.
    func apply(_ assignments: [FieldAssignment], clearing cleared: [FieldName] = []) throws -> [String] {
        guard !assignments.isEmpty || !cleared.isEmpty else { throw InputError.nothingToChange(entity: entity.name) }
        let now = WallClock.now()
        guard let current = try replica.row(entity.name, id: rowID) else {
            throw InputError.noSuchRow(entity: entity.name, id: rowID.rawValue)
        }
        let values = try RecordValues.make(assignments, clearing: cleared, of: entity, current: current.values,
                                           parser: replica.valueParser(now: now))
        try replica.update(entity.name, id: rowID, values: values, now: now)
        return values.keys.map(\.rawValue).sorted()
    }
}
