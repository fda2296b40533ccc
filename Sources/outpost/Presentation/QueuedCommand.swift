import OutpostCore
import OutpostProtocol

/// What a command verb (`claim`, `won`, `book`…) prints: the queued command's id and name.
/// The command runs on the server at the next `outpost sync`; `outpost commands` shows its answer.
struct QueuedCommand: Encodable {
    /// The command's id.
    var command: String
    /// Its name on the wire (`claim`, `mark_won`…).
    var name: String
    /// The entity of its subject row.
    var entity: String
    /// The subject row's full id.
    var rowID: String

    /// Describes a command just queued.
    init(id: RowID, name: CommandName, entity: EntityName, rowID: RowID) {
        command = id.rawValue
        self.name = name.rawValue
        self.entity = entity.rawValue
        self.rowID = rowID.rawValue
    }

    /// Prints the id (or the JSON object) on standard output and the note on standard error.
    func report(json: Bool) throws {
        if json {
            try Console.printJSON(self)
        } else {
            print(command)
        }
        Console.diagnose("Queued \(name) on \(entity) \(RowID(rowID).short); it runs at the next `outpost sync` (`outpost commands` shows its answer).")
    }
}
