import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// `outpost show`: one row of any entity with every field's value, clock and author.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a record: every field with its value, clock and author.",
        discussion: "Example: outpost show lead 3a4b5c6d7e8f")

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The entity, for example lead.", valueName: "entity"))
    var entity: String

    @Argument(help: ArgumentHelp("The row's id, or enough of its first or last characters to be unique.", valueName: "id"))
    var id: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let entitySchema = try replica.schema.entity(named: entity)
        let rowID = try replica.rowID(of: entitySchema.name, matching: id)
        guard let stored = try replica.row(entitySchema.name, id: rowID) else {
            throw InputError.noSuchRow(entity: entitySchema.name, id: id)
        }
        let state = try replica.showingUnsentFollowUpPlans([(rowID, stored)], of: entitySchema.name)[0].state
        let detail = RecordDetail(entity: entitySchema, id: rowID, state: state,
                                  followUps: try followUps(of: entitySchema.name, rowID, state: state, in: replica))
        if output.json {
            try Console.printJSON(detail)
        } else {
            print(detail.rendered(types: entitySchema))
        }
    }

    /// The follow-ups about `record`, when follow-ups can be about its entity: a customer's
    /// own and those of the lead it was converted from.
    private func followUps(of entity: EntityName, _ id: RowID, state: RowState, in replica: Replica) throws -> [FollowUpSummary]? {
        let followUp = OutpostSchema.followUp
        guard case .enumeration(let types)? = followUp.field(FieldName("subject_type"))?.type,
              types.contains(entity.rawValue) else { return nil }
        var subjects = [(entity: entity, id: id)]
        if let lead = state.values[FieldName("converted_from_lead_id")]?.textValue {
            subjects.append((EntityName("lead"), RowID(lead)))
        }
        return FollowUpSummary.all(about: subjects, in: try replica.rows(followUp.name))
    }
}
