/// Decides which write to a field survives, and records the loser. Pure: no database, no
/// clock, no network. The replica and the server both call this: there is exactly one
/// implementation of "who wins".
public enum FieldMerge {
    /// The outcome of merging one change into a field.
    public struct Outcome: Hashable, Sendable {
        /// The policy's verdict.
        public var decision: MergeDecision
        /// The conflict to record, when two concurrent writes met and one lost.
        public var conflict: ConflictRecord?

        /// The version the field holds after the merge (nil when it was never written and
        /// the change was refused).
        public var resultingVersion: FieldVersion?
    }

    /// Merges `change` into the field whose stored version is `current`, under `policy`.
    public static func resolve(_ change: FieldChange, current: FieldVersion?, policy: MergePolicy) -> Outcome {
        let decision = policy.rule.resolve(current: current, incoming: change.version, base: change.base)
        switch decision {
        case .takeIncoming(let loser):
            let conflict = loser.map {
                ConflictRecord(entity: change.entity, rowID: change.rowID, field: change.field,
                               winner: change.version, loser: $0, rule: policy.name)
            }
            return Outcome(decision: decision, conflict: conflict, resultingVersion: change.version)
        case .keepCurrent:
            // keepCurrent is only returned when a current version exists; a losing write of
            // the very value already stored lost nothing and leaves no record, nor does one its
            // own device had already replaced (a laptop restored from an older copy of its
            // replica sends it again): one device's writes follow each other, never concur.
            let conflict = current.flatMap {
                $0.value == change.version.value || $0.clock.deviceID == change.version.clock.deviceID ? nil : $0
            }.map {
                ConflictRecord(entity: change.entity, rowID: change.rowID, field: change.field,
                               winner: $0, loser: change.version, rule: policy.name)
            }
            return Outcome(decision: decision, conflict: conflict, resultingVersion: current)
        case .join(let joined):
            return Outcome(decision: decision, conflict: nil, resultingVersion: joined)
        case .alreadyApplied, .reject:
            return Outcome(decision: decision, conflict: nil, resultingVersion: current)
        }
    }
}
