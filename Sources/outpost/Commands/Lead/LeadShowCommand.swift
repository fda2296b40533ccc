import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// `outpost lead show`: one lead with every field's value, clock and author, and its follow-ups.
struct LeadShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a lead: every field with its value, clock and author, and its follow-ups.")

    @OptionGroup var replicaOptions: ReplicaOptions

    @OptionGroup var lead: LeadReference

    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let entity = OutpostSchema.lead.name
        let rowID = try lead.resolve(in: replica)
        guard let stored = try replica.row(entity, id: rowID) else {
            throw ReplicaError.noSuchRow(entity: entity, id: lead.id)
        }
        let state = try replica.showingUnsentFollowUpPlans([(rowID, stored)], of: entity)[0].state
        let followUps = FollowUpSummary.all(of: rowID, in: try replica.rows(OutpostSchema.followUp.name))
        let detail = LeadDetail(id: rowID, state: state, stored: stored, followUps: followUps)
        if output.json {
            try Console.printJSON(detail)
        } else {
            print(detail.rendered())
        }
    }
}
