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
        let wasDeleted = try replica.row(entity, id: rowID)?.isDeleted ?? false
        if wasDeleted {
            try replica.restore(entity, id: rowID)
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
