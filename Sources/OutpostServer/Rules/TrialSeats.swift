import OutpostCore

/// The seats of trial sessions: a session's `booked_count` counts the appointments
/// holding one of its seats (`trial_session_id` set, not `waitlisted`). An appointment that
/// moves to another session, is cancelled or is deleted gives its seat back, so a session
/// is never full of people who will not come.
enum TrialSeats {
    /// The appointment statuses that may still take a seat; the others are over.
    static let bookableStatuses: Set<String> = ["scheduled", "confirmed"]

    /// The session whose seat `appointment` holds, if it holds one.
    static func session(heldBy appointment: RowState) -> RowKey? {
        guard let id = appointment.values[FieldName("trial_session_id")]?.textValue, !id.isEmpty,
              appointment.values[FieldName("waitlisted")]?.boolValue != true else { return nil }
        return RowKey(entity: .trialSession, id: RowID(id))
    }

    /// Gives back the seat the appointment holds, if any: its session's `booked_count` goes
    /// down by one. The appointment's own fields are the caller's to change.
    static func release(heldBy appointment: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(appointment), let session = session(heldBy: row),
              let booked = workspace.row(session)?.values[FieldName("booked_count")]?.integerValue else { return }
        workspace.serverWrite(session, ["booked_count": .integer(max(0, booked - 1))], author: author)
    }

    /// A cancelled or deleted appointment leaves its session: it gives its seat back and no
    /// longer names the session or waits for it.
    static func leaveIfOver(_ appointment: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(appointment),
              row.isDeleted || row.values[FieldName("status")]?.textValue == "cancelled",
              (row.values[FieldName("trial_session_id")] ?? .null) != .null else { return }
        release(heldBy: appointment, author: author, in: &workspace)
        workspace.serverWrite(appointment, ["trial_session_id": .null, "waitlisted": .bool(false)], author: author)
    }
}
