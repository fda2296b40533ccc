/// One row as the merge sees it: the current value and stamp of every written field.
///
/// Stores load a row into this shape, merge changes into it with the shared rules, and write
/// it back, so the replica and the server cannot drift apart in how they decide.
public struct RowState: Hashable, Sendable {
    /// The current value of each written field.
    public var values: [FieldName: FieldValue]
    /// The clock, author and log position of each written field.
    public var stamps: FieldStamps

    /// Creates a row state; an empty one stands for a row never written.
    public init(values: [FieldName: FieldValue] = [:], stamps: FieldStamps = FieldStamps()) {
        self.values = values
        self.stamps = stamps
    }

    /// An empty row state with room for `fieldCount` fields, so a row written field by field
    /// (a pulled row new to the replica) does not grow its dictionaries five times on the way.
    public init(reservingCapacity fieldCount: Int) {
        values = Dictionary(minimumCapacity: fieldCount)
        stamps = FieldStamps(Dictionary(minimumCapacity: fieldCount))
    }

    /// The current version of `field`, if it was ever written.
    public func version(of field: FieldName) -> FieldVersion? {
        guard let stamp = stamps[field] else { return nil }
        return FieldVersion(value: values[field] ?? .null, clock: stamp.clock, author: stamp.author)
    }

    /// Whether the row counts as deleted (see `FieldStamps.isDeleted`).
    public var isDeleted: Bool {
        stamps.isDeleted(tombstoneValue: values[.deleted]?.boolValue ?? false)
    }

    /// Merges one change into this row under `policy`.
    /// - Parameters:
    ///   - change: the write; its entity and row are the caller's concern.
    ///   - policy: the field's merge policy from the schema.
    ///   - logPosition: the change-log position to stamp on the field if the change wins
    ///     (0 on a replica).
    /// - Returns: the merge outcome, with the conflict to record if any.
    public mutating func merge(_ change: FieldChange, policy: MergePolicy, logPosition: Int64 = 0) -> FieldMerge.Outcome {
        let outcome = FieldMerge.resolve(change, current: version(of: change.field), policy: policy)
        switch outcome.decision {
        case .takeIncoming, .join:
            let stored = outcome.resultingVersion ?? change.version
            values[change.field] = stored.value
            stamps[change.field] = FieldStamp(clock: stored.clock, author: stored.author, logPosition: logPosition)
        case .keepCurrent, .alreadyApplied, .reject:
            break
        }
        return outcome
    }

    /// Drops a field, value and stamp, as if it was never written (a replica forgets a field
    /// its user may no longer read).
    public mutating func forget(_ field: FieldName) {
        values[field] = nil
        stamps[field] = nil
    }

    /// Takes the server's version of a field verbatim (used by a replica for fields it has no
    /// unacknowledged edits to: the server's view is the truth it must converge on).
    /// - Returns: whether the row changed (false when it held this version already).
    @discardableResult
    public mutating func adopt(_ version: FieldVersion, for field: FieldName) -> Bool {
        let stamp = FieldStamp(clock: version.clock, author: version.author)
        let previousValue = values.updateValue(version.value, forKey: field)
        let previousStamp = stamps.byField.updateValue(stamp, forKey: field)
        return previousValue != version.value || previousStamp != stamp
    }
}
