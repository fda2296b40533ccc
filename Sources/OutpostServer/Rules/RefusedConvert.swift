import OutpostCore
import OutpostProtocol

/// The provisional rows of a refused `convert` are undone (DESIGN "Pending local effects",
/// `commands.md` §1): the customer, contact, student and opportunity the device made for it
/// arrived with the command, and without the command they stand for nothing. Each one still
/// provisional and made by the command's author becomes a server tombstone, which the
/// author's laptop pulls (a provisional row is in its maker's scope), so it drops them too.
///
/// The undone customer keeps the lead the convert named in `converted_from_lead_id` (the
/// trail of the convert that made it), so a follow-up, check-in or appointment the device
/// wrote about any of the undone rows, in the same push or a later one, goes to that lead
/// instead (`RefusedConvert+Children`): nothing written offline is lost.
///
/// A late convert answered with an alias map is not refused this way: its rows were merged
/// into the winner's (`ConvertCommand`).
enum RefusedConvert {
    /// Tombstones the provisional rows `command` named, when it is a convert refused without
    /// an alias map.
    static func undo(_ command: PushCommand, answered result: PushResult, author: UserID, in workspace: inout PlanWorkspace) {
        guard command.name == .convert, result.status == .rejected, result.aliases == nil else { return }
        let lead = RowKey(entity: .lead, id: command.rowID)
        let leadExists = command.entity == .lead && workspace.row(lead) != nil
        for (argument, entity) in ConvertCommand.namedRows {
            guard let id = command.arguments[argument]?.textValue else { continue }
            let key = RowKey(entity: entity, id: RowID(id))
            guard let row = workspace.row(key), !row.isDeleted,
                  row.values[FieldName("provisional")]?.boolValue == true,
                  row.values[FieldName("created_by")]?.textValue == author.rawValue else { continue }
            var values: [String: FieldValue] = ["deleted": .bool(true)]
            if entity == .customer, leadExists { values["converted_from_lead_id"] = .text(lead.id.rawValue) }
            workspace.serverWrite(key, values, author: author)
        }
    }

    /// The lead a row undone by a refused convert stands for, or nil when `key` is not such a
    /// row: a deleted provisional customer that names its lead, or a deleted provisional
    /// contact, student or opportunity of one.
    static func lead(standingFor key: RowKey, in workspace: inout PlanWorkspace) -> RowKey? {
        guard ConvertCommand.namedRows.contains(where: { $0.entity == key.entity }),
              let row = workspace.row(key), isUndone(row) else { return nil }
        var customer = row
        if key.entity != .customer {
            guard let id = row.values[FieldName("customer_id")]?.textValue,
                  let parent = workspace.row(RowKey(entity: .customer, id: RowID(id))), isUndone(parent) else { return nil }
            customer = parent
        }
        guard let lead = customer.values[FieldName("converted_from_lead_id")]?.textValue, !lead.isEmpty else { return nil }
        return RowKey(entity: .lead, id: RowID(lead))
    }

    /// The code of a write to a row a refused convert undid.
    static let undoneRowCode = "convert.refused"

    /// Why a write to `key` is refused when a refused convert undid that row: kept there, it
    /// would be answered applied and live beneath a tombstone nobody can lift (invariant 2);
    /// refused, it stays on the laptop with its reason. Nil for any other row.
    static func refusal(ofWritingTo key: RowKey, in workspace: inout PlanWorkspace) -> CommandRefusal? {
        guard let lead = lead(standingFor: key, in: &workspace) else { return nil }
        return CommandRefusal(code: undoneRowCode,
                              message: "This \(key.entity) was made by a convert of lead \(lead.id) that the server refused; your change was not applied. "
                                  + "Follow-ups and visits about it went to the lead; change the lead, or convert it again once it is yours.")
    }

    // MARK: - Private

    /// Whether `row` is provisional, deleted, and not merged into another row (a late
    /// convert's rows are merged, and their writes follow `merged_into_id` instead).
    private static func isUndone(_ row: RowState) -> Bool {
        row.isDeleted && row.values[FieldName("provisional")]?.boolValue == true
            && (row.values[.mergedInto]?.textValue ?? "").isEmpty
    }
}
