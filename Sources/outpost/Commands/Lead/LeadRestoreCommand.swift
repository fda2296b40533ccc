import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// `outpost lead restore`: undeletes a lead; its latest values return, including edits
/// other people made while it was deleted.
struct LeadRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Undelete a lead.")

    @OptionGroup var replicaOptions: ReplicaOptions

    @OptionGroup var lead: LeadReference

    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let entity = OutpostSchema.lead.name
        let rowID = try lead.resolve(in: replica)
        let row = try replica.row(entity, id: rowID)
        let wasDeleted = row?.isDeleted ?? false
        if wasDeleted {
            try replica.restore(entity, id: rowID)
        } else if row?.values[.deleted] == .bool(true) {
            Console.diagnose("Lead \(rowID.short) is live: an edit written after its delete brought it back; nothing changed.")
        } else {
            Console.diagnose("Lead \(rowID.short) is not deleted; nothing changed.")
        }
        if output.json {
            try Console.printJSON(LeadChange(id: rowID.rawValue, fields: wasDeleted ? [FieldName.deleted.rawValue] : []))
        } else if wasDeleted {
            print("restored lead \(rowID.short)")
        }
    }
}
