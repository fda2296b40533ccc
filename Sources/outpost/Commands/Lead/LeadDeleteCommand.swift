import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// `outpost lead delete`: deletes a lead with a tombstone. Its values stay beneath it, so
/// `outpost lead restore` brings it back as it was.
struct LeadDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a lead (undo with `outpost lead restore`).")

    @OptionGroup var replicaOptions: ReplicaOptions

    @OptionGroup var lead: LeadReference

    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let entity = OutpostSchema.lead.name
        let rowID = try lead.resolve(in: replica)
        let row = try replica.row(entity, id: rowID)
        let wasDeleted = row?.isDeleted ?? false
        if wasDeleted, let head = row.flatMap({ MergedRecord.head(in: $0.values) }) {
            Console.diagnose("Lead \(rowID.short) was merged into lead \(RowID(head).short) (`outpost lead show \(RowID(head).short)`); nothing changed.")
        } else if wasDeleted {
            Console.diagnose("Lead \(rowID.short) was already deleted; nothing changed.")
        } else {
            try replica.delete(entity, id: rowID)
        }
        if output.json {
            try Console.printJSON(LeadChange(id: rowID.rawValue, fields: wasDeleted ? [] : [FieldName.deleted.rawValue]))
        } else if !wasDeleted {
            print("deleted lead \(rowID.short) (undo: outpost lead restore \(rowID.short))")
        }
    }
}
