import ArgumentParser
import OutpostCore
import OutpostProtocol

/// `outpost book`: asks the server for a seat in a trial session for an appointment. A full
/// session waitlists the appointment instead (`trial.session_full`).
struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Book an appointment into a trial session (the server checks seats at the next sync).",
        discussion: "Example: outpost book 3a4b5c6d7e8f --session 9f8e7d6c5b4a")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The appointment's id, or enough of its first or last characters to be unique.",
                                 valueName: "appointment-id"))
    var appointment: String

    @Option(help: ArgumentHelp("The trial session's id, or enough of its first or last characters to be unique.",
                               valueName: "trial-session-id"))
    var session: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.book, verb: "book", id: appointment, in: replica)
        // The session's entity is whatever the appointment's trial_session_id refers to.
        var sessionEntity = "trial_session"
        if case .reference(let referenced)? = replica.schema.entity(target.entity)?.field(FieldName("trial_session_id"))?.type {
            sessionEntity = referenced.rawValue
        }
        let sessions = try replica.schema.entity(sessionEntity, neededBy: "book")
        let sessionID = try replica.rowID(of: sessions.name, matching: session)
        try CommandSubject.queue(.book, on: target, arguments: ["trial_session_id": .text(sessionID.rawValue)],
                                 in: replica, json: output.json)
    }
}
