import OutpostCore
import OutpostProtocol

/// The provisional rows of a refused `convert` are undone (DESIGN "Pending local effects",
/// `commands.md` §1): the customer, contact, student and opportunity the device made for it
/// arrived with the command, and without the command they stand for nothing. Each one still
/// provisional and made by the command's author becomes a server tombstone, which the
/// author's laptop pulls (a provisional row is in its maker's scope), so it drops them too.
///
/// A late convert answered with an alias map is not refused this way: its rows were merged
/// into the winner's (`ConvertCommand`).
enum RefusedConvert {
    /// Tombstones the provisional rows `command` named, when it is a convert refused without
    /// an alias map.
    static func undo(_ command: PushCommand, answered result: PushResult, author: UserID, in workspace: inout PlanWorkspace) {
        guard command.name == .convert, result.status == .rejected, result.aliases == nil else { return }
        for (argument, entity) in ConvertCommand.namedRows {
            guard let id = command.arguments[argument]?.textValue else { continue }
            let key = RowKey(entity: entity, id: RowID(id))
            guard let row = workspace.row(key), !row.isDeleted,
                  row.values[FieldName("provisional")]?.boolValue == true,
                  row.values[FieldName("created_by")]?.textValue == author.rawValue else { continue }
            workspace.serverWrite(key, ["deleted": .bool(true)], author: author)
        }
    }
}
