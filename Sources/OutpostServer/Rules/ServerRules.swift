import OutpostCore

/// What the server does on its own when a push changes rows: the envelope and first owner
/// of a new row, follow-up and check-in facts propagated to their subjects, derived fields,
/// de-dup, and the opportunity stage history. The planner notes each write as it merges it
/// and calls `settle` before every command and at the end of the push.
struct ServerRules {
    /// The authenticated author of the push.
    let author: UserID
    private var created: [RowKey] = []
    private var createdSet: Set<RowKey> = []
    private var keysChanged: [RowKey] = []

    init(author: UserID) {
        self.author = author
    }

    /// Notes one merged client write.
    mutating func noteWrite(_ change: FieldChange, previous: FieldValue?, outcome: MergeDecision, rowIsNew: Bool,
                            in workspace: inout PlanWorkspace) {
        let key = RowKey(entity: change.entity, id: change.rowID)
        let applied = switch outcome {
        case .takeIncoming, .join: true
        case .keepCurrent, .alreadyApplied, .reject: false
        }
        if rowIsNew, applied, createdSet.insert(key).inserted { created.append(key) }
        if change.entity == .opportunity, change.field.rawValue == "stage", let stage = StageValue(change.version.value) {
            if case .reject = outcome { return }
            StageHistory.record(opportunity: key, from: StageValue(previous ?? .null)?.stage, to: stage.stage, epoch: stage.epoch,
                                clock: change.version.clock, author: author, accepted: applied, in: &workspace)
        }
        if applied, DuplicateRules.keyFields[change.entity.rawValue]?.contains(change.field.rawValue) == true, !keysChanged.contains(key) {
            keysChanged.append(key)
        }
    }

    /// Runs the rules for everything noted since the last call.
    mutating func settle(in workspace: inout PlanWorkspace) {
        let created = self.created
        let keysChanged = self.keysChanged
        self.created = []
        self.keysChanged = []
        for key in created {
            RowCreation.apply(to: key, author: author, in: &workspace)
        }
        for key in created {
            switch key.entity {
            case .followUp: FollowUpRules.apply(to: key, author: author, in: &workspace)
            case .checkIn: CheckInRules.apply(to: key, author: author, in: &workspace)
            default: break
            }
        }
        for key in keysChanged {
            DuplicateRules.check(key, isNew: createdSet.contains(key), in: &workspace)
        }
    }
}
