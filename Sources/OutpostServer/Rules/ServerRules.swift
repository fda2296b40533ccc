import OutpostCore
import OutpostDomain
import OutpostProtocol

/// What the server does on its own when a push changes rows: the envelope and first owner
/// of a new row, the actor and device of a new audit entry, follow-up and check-in facts propagated to their subjects, derived fields,
/// de-dup, the opportunity stage history, who recorded an appointment's attendance, the
/// trial seat an appointment gives back when it is cancelled or deleted (or takes back when
/// an attendance beats the cancel), and the lead a new
/// follow-up, check-in or appointment goes to when it names a row a refused convert undid
/// (`RefusedConvert`). The planner notes each write as it merges it and calls `settle`
/// before every command and at the end of the push.
struct ServerRules {
    /// The authenticated author of the push.
    let author: UserID
    /// The device that pushed.
    let device: DeviceID
    /// What the author may change; nil when the server has no organisation.
    let scope: ReaderScope?
    private var created: [RowKey] = []
    private var createdSet: Set<RowKey> = []
    private var keysChanged: [RowKey] = []
    /// The de-dup key fields written to each row of `keysChanged`.
    private var keyFieldsWritten: [RowKey: Set<String>] = [:]
    private var leadsToScore: [RowKey] = []
    /// Appointments whose status or tombstone changed, each with the session whose seat it
    /// held before (`TrialSeats.follow`).
    private var appointmentsToSeat: [(appointment: RowKey, heldBefore: RowKey?)] = []
    /// The `base` each new follow-up's plan fields were written with: the subject's version
    /// its author saw (spec §9.2), which `FollowUpRules` merges the subject's write with.
    private var followUpPlanBases: [RowKey: [FieldName: HLCTimestamp]] = [:]

    init(author: UserID, device: DeviceID, scope: ReaderScope?) {
        self.author = author
        self.device = device
        self.scope = scope
    }

    /// Notes one merged client write.
    /// - Parameter previousRow: the row the write merged into, as it was before; nil for a new row.
    mutating func noteWrite(_ change: FieldChange, previousRow: RowState?, outcome: MergeDecision, in workspace: inout PlanWorkspace) {
        let key = RowKey(entity: change.entity, id: change.rowID)
        let previous = previousRow?.values[change.field]
        let rowIsNew = previousRow == nil
        let applied = switch outcome {
        case .takeIncoming, .join: true
        case .keepCurrent, .alreadyApplied, .reject: false
        }
        if rowIsNew, applied, createdSet.insert(key).inserted { created.append(key) }
        if applied { FieldChangeAudit.note(change, previous: previous, actor: author, device: device, in: &workspace) }
        if applied, change.entity == .followUp, createdSet.contains(key), let base = change.base,
           OutpostSchema.FollowUp.plans.contains(where: { $0.field == change.field }) {
            followUpPlanBases[key, default: [:]][change.field] = base
        }
        if change.entity == .opportunity, change.field.rawValue == "stage", let stage = StageValue(change.version.value) {
            if case .reject = outcome { return }
            // From the stage its author saw (their base), not the one a concurrent write put there since.
            let seen = change.base.flatMap { StageHistory.stage(of: key, writtenAt: $0, in: &workspace) }
            StageHistory.record(opportunity: key, from: seen ?? StageValue(previous ?? .null)?.stage, to: stage.stage, epoch: stage.epoch,
                                clock: change.version.clock, author: author, accepted: applied, in: &workspace)
            if applied, StageValue(previous ?? .null) != stage {
                workspace.serverWrite(key, ["stage_changed_at": .integer(workspace.serverNow)])   // DOMAIN §1.6: stage ageing
            }
            if applied, let base = change.base { StageHistory.supersede(key, unseenSince: base, by: stage, in: &workspace) }
        }
        if applied, change.entity == .lead, LeadScoring.inputs.contains(change.field.rawValue) || rowIsNew {
            noteScoreInput(key)
        }
        if applied, [EntityName.appointment, .followUp].contains(change.entity), change.field.rawValue == "status",
           let lead = leadMentioned(by: key, in: &workspace) {
            noteScoreInput(lead)
        }
        if applied { AppointmentRules.noteStatus(change, previous: previous, author: author, in: &workspace) }
        if applied, change.entity == .appointment, [FieldName("status"), .deleted].contains(change.field),
           !appointmentsToSeat.contains(where: { $0.appointment == key }) {
            appointmentsToSeat.append((key, previousRow.flatMap(TrialSeats.session(heldBy:))))
        }
        if applied, DuplicateRules.keyFields[change.entity.rawValue]?.contains(change.field.rawValue) == true {
            if keyFieldsWritten[key] == nil { keysChanged.append(key) }
            keyFieldsWritten[key, default: []].insert(change.field.rawValue)
        }
    }

    /// The lookups the rules will make when `changes` apply, so a store loads them with the
    /// rows of the first planning round instead of learning them there and planning again.
    /// A guess: loading a lookup no rule asks for changes no plan.
    static func expectedLookups(of changes: [PushChange], schema: Schema) -> Set<RowLookup> {
        var lookups = Set<RowLookup>()
        for change in changes {
            lookups.formUnion(DuplicateRules.expectedLookups(of: change, schema: schema))
            lookups.formUnion(LeadScoring.expectedLookups(of: change))
        }
        return lookups
    }

    /// Runs the rules for everything noted since the last call.
    mutating func settle(in workspace: inout PlanWorkspace) {
        let created = self.created
        let keysChanged = self.keysChanged
        let keyFieldsWritten = self.keyFieldsWritten
        var leadsToScore = self.leadsToScore
        let appointmentsToSeat = self.appointmentsToSeat
        self.created = []
        self.keysChanged = []
        self.keyFieldsWritten = [:]
        self.leadsToScore = []
        self.appointmentsToSeat = []
        for key in created {
            RowCreation.apply(to: key, author: author, in: &workspace)
        }
        for key in created {
            MergedReferences.follow(key, in: &workspace)
            // First, so the child's own rules judge it against the lead it now names.
            if let lead = RefusedConvert.repoint(key, author: author, scope: scope, in: &workspace), !leadsToScore.contains(lead) {
                leadsToScore.append(lead)
            }
            switch key.entity {
            case .followUp:
                FollowUpRules.apply(to: key, author: author, scope: scope, planBases: followUpPlanBases.removeValue(forKey: key) ?? [:],
                                    in: &workspace)
            case .checkIn: CheckInRules.apply(to: key, author: author, in: &workspace)
            case .auditLog: AuditAuthorship.apply(to: key, actor: author, device: device, in: &workspace)
            default: break
            }
            // A new follow-up or appointment is a fact of its lead's score; which lead
            // is known once the whole row is in (and re-pointed along a merge, just above).
            if let lead = leadMentioned(by: key, in: &workspace), !leadsToScore.contains(lead) {
                leadsToScore.append(lead)
            }
        }
        for key in keysChanged {
            let isNew = createdSet.contains(key)
            DuplicateRules.check(key, isNew: isNew, fields: isNew ? nil : keyFieldsWritten[key], in: &workspace)
        }
        for (appointment, heldBefore) in appointmentsToSeat {
            // Before the scores: a booked trial counts only while it holds its seat.
            TrialSeats.follow(appointment, heldBefore: heldBefore, author: author, in: &workspace)
        }
        for key in leadsToScore {
            LeadScoring.recompute(key, in: &workspace)
        }
    }

    private mutating func noteScoreInput(_ lead: RowKey) {
        if !leadsToScore.contains(lead) { leadsToScore.append(lead) }
    }

    /// The lead an appointment or follow-up is about, if any.
    private func leadMentioned(by key: RowKey, in workspace: inout PlanWorkspace) -> RowKey? {
        guard let row = workspace.row(key) else { return nil }
        if key.entity == .appointment, let lead = row.values[FieldName("lead_id")]?.textValue {
            return RowKey(entity: .lead, id: RowID(lead))
        }
        if key.entity == .followUp, row.values[FieldName("subject_type")]?.textValue == "lead",
           let lead = row.values[FieldName("subject_id")]?.textValue {
            return RowKey(entity: .lead, id: RowID(lead))
        }
        return nil
    }
}
