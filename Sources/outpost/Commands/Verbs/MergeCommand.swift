import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostProtocol

/// `outpost merge`: asks the server to merge duplicates into one head record.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge duplicate leads, customers or contacts into the first one (runs at the next sync).",
        discussion: "Example: outpost merge lead 3a4b5c6d7e8f 9f8e7d6c5b4a")

    /// The most records one merge takes (`merge.too_many`, commands.md §2).
    static let maximumRecords = 5

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The entity: lead, customer or contact.", valueName: "entity"))
    var entity: String

    @Argument(help: ArgumentHelp("The record that stays.", valueName: "head-id"))
    var head: String

    @Argument(help: ArgumentHelp("The records merged into it.", valueName: "tail-id"))
    var tails: [String]

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !tails.isEmpty else { throw ValidationError("Name at least one record to merge into the head: outpost merge ENTITY HEAD TAIL….") }
        guard tails.count + 1 <= Self.maximumRecords else {
            throw ValidationError("A merge takes at most \(Self.maximumRecords) records (the head and \(Self.maximumRecords - 1) more); you named \(tails.count + 1). Merge in several steps.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.merge, verb: "merge", entity: entity, id: head, in: replica)
        let tailIDs = try tails.map { try replica.rowID(of: target.entity, matching: $0) }
        guard Set(tailIDs).count == tailIDs.count, !tailIDs.contains(target.rowID) else {
            throw InputError.invalidArgument(command: "merge", reason: "a record is named twice. Name the head once and each other record once.")
        }
        if target.entity == OutpostSchema.lead.name,
           let converted = try ([target.rowID] + tailIDs).first(where: { try replica.row(target.entity, id: $0).map { OutpostSchema.Lead.isConverted($0.values) } ?? false }) {
            // The server would refuse it `lead.already_converted`; said now, nothing queued.
            throw InputError.invalidArgument(command: "merge", reason: "lead \(converted.short) was converted to a customer and is read-only; "
                                             + "it cannot be merged. Merge the customers instead. Nothing was queued.",
                                             code: OutpostSchema.Lead.alreadyConvertedCode)
        }
        try CommandSubject.queue(.merge, on: target, arguments: ["tails": .list(tailIDs.map { .text($0.rawValue) })],
                                 in: replica, json: output.json)
    }
}
