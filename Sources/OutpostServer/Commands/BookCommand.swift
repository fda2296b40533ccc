import OutpostCore
import OutpostProtocol

/// `book`: takes a seat of a trial session (`trial_session_id`) for an appointment.
/// Capacity is a global invariant, so only the server books: when the session is full the
/// appointment stays `scheduled` with `waitlisted = true` and the answer is
/// `trial.session_full`; nothing is overbooked. Booking another session gives back the seat
/// of the one the appointment held (`TrialSeats`). Only a live trial class with a student
/// takes a seat: anything else is refused `trial.not_bookable`.
struct BookCommand: CommandHandler {
    func execute(_ command: PushCommand, context: inout CommandContext) throws(CommandRefusal) -> CommandOutcome {
        let key = RowKey(entity: .appointment, id: command.rowID)
        let appointment = try context.subject(expecting: "appointment")
        try Self.checkBookable(appointment)
        let sessionID = try context.argument("trial_session_id")
        let sessionKey = RowKey(entity: .trialSession, id: RowID(sessionID))
        let session = try context.requireRow(sessionKey)
        if TrialSeats.session(heldBy: appointment) == sessionKey { return .applied }
        // Another session's seat, if it held one: it moves (or waits) here now.
        TrialSeats.release(heldBy: key, author: context.actor, in: &context.workspace)
        let capacity = session.values[FieldName("capacity")]?.integerValue ?? 0
        let booked = session.values[FieldName("booked_count")]?.integerValue ?? 0
        guard booked < capacity else {
            context.workspace.serverWrite(key, ["trial_session_id": .text(sessionID), "waitlisted": .bool(true)], author: context.actor)
            return CommandOutcome(refusal: CommandRefusal(
                code: "trial.session_full",
                message: "Trial session \(sessionID) is full (\(booked) of \(capacity)); the appointment is kept on the waitlist."))
        }
        context.workspace.serverWrite(key, ["trial_session_id": .text(sessionID), "waitlisted": .bool(false)], author: context.actor)
        context.workspace.serverWrite(sessionKey, ["booked_count": .integer(booked + 1)], author: context.actor)
        context.audit("book", entity: .appointment, ids: [key.id, sessionKey.id])
        if let lead = appointment.values[FieldName("lead_id")]?.textValue {
            LeadScoring.recompute(RowKey(entity: .lead, id: RowID(lead)), in: &context.workspace)
        }
        return .applied
    }

    /// Refuses an appointment that cannot attend a trial class: another kind, no student, or
    /// a status that is over.
    private static func checkBookable(_ appointment: RowState) throws(CommandRefusal) {
        let kind = appointment.values[FieldName("kind")]?.textValue ?? "none"
        guard kind == "trial_class" else {
            throw CommandRefusal(code: "trial.not_bookable",
                                 message: "Only a trial_class appointment takes a seat of a trial session; this one is a \(kind). Make a trial_class appointment for the student, then book it.")
        }
        guard let student = appointment.values[FieldName("student_id")]?.textValue, !student.isEmpty else {
            throw CommandRefusal(code: "trial.not_bookable",
                                 message: "This trial_class appointment names no student; set student_id, then book it.")
        }
        // A row without a status is no scheduled appointment (`validation.required` keeps new
        // ones out; one stored before that was checked takes no seat either).
        let status = appointment.values[FieldName("status")]?.textValue ?? "without a status"
        guard TrialSeats.bookableStatuses.contains(status) else {
            throw CommandRefusal(code: "trial.not_bookable",
                                 message: "This appointment is \(status); only a scheduled or confirmed appointment takes a seat. Make a new appointment to book again.")
        }
    }
}
