import OutpostCore

/// The seats of trial sessions: a session's `booked_count` counts the appointments
/// holding one of its seats. An appointment holds a seat of the session it names
/// (`trial_session_id`) while it is live, not `waitlisted` and not `cancelled`, so a session
/// is never full of people who will not come. A cancelled or deleted appointment keeps naming
/// its session: that is how an `attended` that beats the cancel (R-15.2, DOMAIN §3.2 rule 5)
/// takes the seat back when it arrives second, and the outcome is the same whichever write
/// reaches the server first (DESIGN invariant 1).
enum TrialSeats {
    /// The appointment statuses that may still take a seat; the others are over.
    static let bookableStatuses: Set<String> = ["scheduled", "confirmed"]

    /// The session whose seat `appointment` holds, if it holds one.
    static func session(heldBy appointment: RowState) -> RowKey? {
        guard !appointment.isDeleted, appointment.values[FieldName("status")]?.textValue != "cancelled",
              let id = appointment.values[FieldName("trial_session_id")]?.textValue, !id.isEmpty,
              appointment.values[FieldName("waitlisted")]?.boolValue != true else { return nil }
        return RowKey(entity: .trialSession, id: RowID(id))
    }

    /// Gives back the seat the appointment holds, if any: its session's `booked_count` goes
    /// down by one. The appointment's own fields are the caller's to change.
    static func release(heldBy appointment: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(appointment), let session = session(heldBy: row) else { return }
        release(session, author: author, in: &workspace)
    }

    /// Moves the session's `booked_count` after a write changed whether the appointment holds
    /// its seat (a status or its tombstone): a seat it no longer holds is given back, and one
    /// it holds again (an `attended` beating the cancel that gave it back, an undelete) is
    /// taken again. When the session filled up meanwhile, capacity is never exceeded: the
    /// appointment is `waitlisted`, as a booking of a full session is.
    /// - Parameter heldBefore: the session whose seat the appointment held before the write.
    static func follow(_ appointment: RowKey, heldBefore: RowKey?, author: UserID, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(appointment) else { return }
        let heldNow = session(heldBy: row)
        guard heldNow != heldBefore else { return }
        if let heldBefore { release(heldBefore, author: author, in: &workspace) }
        guard let heldNow, let seats = workspace.row(heldNow) else { return }
        let capacity = seats.values[FieldName("capacity")]?.integerValue ?? 0
        let booked = seats.values[FieldName("booked_count")]?.integerValue ?? 0
        if booked < capacity {
            workspace.serverWrite(heldNow, ["booked_count": .integer(booked + 1)], author: author)
        } else {
            workspace.serverWrite(appointment, ["waitlisted": .bool(true)], author: author)
        }
    }

    // MARK: - Private

    private static func release(_ session: RowKey, author: UserID, in workspace: inout PlanWorkspace) {
        guard let booked = workspace.row(session)?.values[FieldName("booked_count")]?.integerValue else { return }
        workspace.serverWrite(session, ["booked_count": .integer(max(0, booked - 1))], author: author)
    }
}
