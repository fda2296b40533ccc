import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// `outpost lead edit`: changes or clears fields of a lead. Each changed field becomes one
/// journal entry, merged field by field with other people's edits at the next sync.
struct LeadEditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change or clear fields of a lead.",
        discussion: "Example: outpost lead edit 0196f1c2-3a4b --mobile 13900002222 --clear remark")

    @OptionGroup var replicaOptions: ReplicaOptions

    @OptionGroup var lead: LeadReference

    @Option(help: "The contact's name.")
    var name: String?

    @OptionGroup var details: LeadDetailOptions

    @Option(name: .customLong("clear"), help: ArgumentHelp(
        "Empty a field; repeat for several.",
        valueName: "field"))
    var cleared: [LeadField] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        var given = Set(details.given.keys)
        if name != nil { given.insert(.name) }
        guard !given.isEmpty || !cleared.isEmpty else {
            throw ValidationError("Nothing to change. Pass at least one of --name, --mobile, --wechat, --telephone, --student, --intent, --source, --remark, --referrer or --clear FIELD.")
        }
        if let name, name.allSatisfy(\.isWhitespace) {
            throw ValidationError("--name is empty. A lead needs the contact's name.")
        }
        if cleared.contains(.name) {
            throw ValidationError("--clear name is not allowed: a lead needs the contact's name. Pass --name NAME to change it.")
        }
        if let both = cleared.first(where: given.contains) {
            throw ValidationError("--\(both.rawValue) and --clear \(both.rawValue) contradict each other. Pass one of them.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let entity = OutpostSchema.lead.name
        let rowID = try lead.resolve(in: replica)
        var values = try details.values(in: replica)
        if let name { values[LeadField.name.schemaName] = .text(name) }
        for field in cleared { values[field.schemaName] = .null }
        try replica.update(entity, id: rowID, values: values)
        MobileSegmentWarning.diagnose(values, of: OutpostSchema.lead)
        try PossibleDuplicateWarning.diagnose(replica, entity, rowID, fields: Set(values.keys))
        let changed = values.keys.map(\.rawValue).sorted()
        if output.json {
            try Console.printJSON(LeadChange(id: rowID.rawValue, fields: changed))
        } else {
            print("updated lead \(rowID.short): \(changed.joined(separator: ", "))")
        }
    }
}
