import Foundation
import OutpostCore
import OutpostProtocol

/// What the server judges about an appointment's status and schedule (DOMAIN §1.9, R-15.2):
/// attendance (`attended`, `no_show`) is recorded only once the appointment has started (and
/// the trial session it is booked into, whatever its own schedule says), by
/// the server's time at receipt or the writer's clock (clamped to the skew budget), whichever
/// is later; the schedule and the campus of an appointment whose status is over are history
/// and no longer move (a new appointment is made instead, `rescheduled_from_id`); and whoever
/// records attendance is its `attendance_marked_by_id`.
struct AppointmentRules {
    let skewBudget: ClockSkewBudget

    /// The statuses that say whether the family came.
    static let attendanceStatuses: Set<String> = ["attended", "no_show"]
    /// The statuses after which the appointment is over.
    static let terminalStatuses: Set<String> = ["attended", "no_show", "cancelled"]
    /// The fields that change only while the appointment is not over (DOMAIN §1.9: the
    /// schedule "while not terminal", the campus "while status ∈ {scheduled, confirmed}"),
    /// with the words a refusal names them by.
    static let fieldsClosedWhenOver: [FieldName: String] = [FieldName("schedule"): "schedule", FieldName("campus_id"): "campus"]

    /// The refusal of each appointment write that breaks these rules, by sequence. A row is
    /// judged with every value this push writes to it, so a schedule sent with the status counts,
    /// and so does a `book` command of this push that runs before the write.
    func refusals(of changes: [PushChange], commands: [PushCommand], serverNow: Int64, in workspace: inout PlanWorkspace) -> [Int64: PushResult] {
        var written: [RowKey: [FieldName: FieldValue]] = [:]
        for change in changes where change.entity == .appointment {
            written[RowKey(entity: change.entity, id: change.rowID), default: [:]][change.field] = change.value
        }
        var refusals: [Int64: PushResult] = [:]
        for change in changes where change.entity == .appointment {
            let key = RowKey(entity: change.entity, id: change.rowID)
            let stored = workspace.row(key)
            if change.field == FieldName("status"), let status = change.value.textValue, Self.attendanceStatuses.contains(status) {
                let schedule = written[key]?[FieldName("schedule")] ?? stored?.values[FieldName("schedule")]
                let judgedAt = max(serverNow, skewBudget.check(change.clock, serverNow: serverNow).clock.wallMilliseconds)
                let booked = commands.last { $0.name == .book && $0.entity == .appointment && $0.rowID == change.rowID && $0.sequence < change.sequence }
                    .flatMap { $0.arguments["trial_session_id"]?.textValue }
                let starts = [schedule?.objectValue?["start"]?.integerValue, sessionStart(of: stored, in: &workspace),
                              booked.flatMap { sessionStart(RowID($0), in: &workspace) }].compactMap { $0 }
                if let start = starts.max(), start > judgedAt {
                    refusals[change.sequence] = refusal(change, code: "appointment.not_started",
                                                        message: "The appointment starts at \(MessageTime.utc(start)); '\(status)' can be recorded only after it starts. Record it then.")
                }
            }
            if let closedField = Self.fieldsClosedWhenOver[change.field], let stored, !stored.isDeleted,
               let status = stored.values[FieldName("status")]?.textValue, Self.terminalStatuses.contains(status) {
                refusals[change.sequence] = refusal(change, code: "appointment.closed",
                                                    message: "This appointment is \(status); its \(closedField) no longer changes. Make a new appointment (rescheduled_from_id) instead.")
            }
        }
        return refusals
    }

    /// When the trial session the appointment is booked into starts, if it is booked: its own
    /// schedule is an LWW field a consultant can move, so attendance also waits for the session.
    private func sessionStart(of appointment: RowState?, in workspace: inout PlanWorkspace) -> Int64? {
        guard let session = appointment?.values[FieldName("trial_session_id")]?.textValue else { return nil }
        return sessionStart(RowID(session), in: &workspace)
    }

    /// When the trial session `session` starts.
    private func sessionStart(_ session: RowID, in workspace: inout PlanWorkspace) -> Int64? {
        workspace.row(RowKey(entity: .trialSession, id: session))?.values[FieldName("start")]?.integerValue
    }

    /// Stamps the author of an accepted attendance status as the one who vouched for it; an
    /// attended trial class has the effects of R-15.3 (`TrialAttendance`).
    static func noteStatus(_ change: FieldChange, previous: FieldValue?, author: UserID, in workspace: inout PlanWorkspace) {
        guard change.entity == .appointment, change.field == FieldName("status"),
              let status = change.version.value.textValue, attendanceStatuses.contains(status) else { return }
        let key = RowKey(entity: change.entity, id: change.rowID)
        workspace.serverWrite(key, ["attendance_marked_by_id": .text(author.rawValue)], author: author)
        if status == "attended", previous?.textValue != "attended" {
            TrialAttendance.apply(to: key, at: min(change.version.clock.wallMilliseconds, workspace.serverNow), in: &workspace)
        }
    }

    private func refusal(_ change: PushChange, code: String, message: String) -> PushResult {
        PushResult(sequence: change.sequence, status: .rejected, code: ErrorCode(rawValue: code), message: message)
    }
}
