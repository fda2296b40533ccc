import ArgumentParser
import OutpostCore
import OutpostReplica

/// `outpost edit`: changes or clears fields of a row of any entity. Each changed field is
/// one journal entry, merged field by field with other people's edits at the next sync.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change or clear fields of a record.",
        discussion: """
            Words as for `outpost add`, plus tags+=vip and tags-=cold on tag sets; composite members \
            are merged onto the current value.
            Example: outpost edit lead 3a4b5c6d7e8f intent_level=A tags+=vip --clear remark
            """)

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The entity, for example lead.", valueName: "entity"))
    var entity: String

    @Argument(help: ArgumentHelp("The row's id, or enough of its first or last characters to be unique.", valueName: "id"))
    var id: String

    @Argument(help: ArgumentHelp("The changes, as field=value, tags+=word or tags-=word.", valueName: "field=value"))
    var assignments: [String] = []

    @Option(name: .customLong("clear"), help: ArgumentHelp("Empty a field; repeat for several.", valueName: "field"))
    var cleared: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        for word in assignments { _ = try FieldAssignment(parsing: word) }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let entitySchema = try replica.schema.entity(named: entity)
        let rowID = try replica.rowID(of: entitySchema.name, matching: id)
        let changed = try RecordEditor(replica: replica, entity: entitySchema, rowID: rowID)
            .apply(try assignments.map(FieldAssignment.init(parsing:)), clearing: cleared.map { FieldName($0) })
        if let edited = try replica.row(entitySchema.name, id: rowID) {
            MobileSegmentWarning.diagnose(edited.values.filter { changed.contains($0.key.rawValue) }, of: entitySchema)
            try PossibleDuplicateWarning.diagnose(replica, entitySchema.name, rowID, fields: Set(changed.map { FieldName($0) }))
        }
        if output.json {
            try Console.printJSON(RecordChange(entity: entitySchema.name.rawValue, id: rowID.rawValue, fields: changed))
        } else {
            print("updated \(entitySchema.name) \(rowID.short): \(changed.joined(separator: ", "))")
        }
    }
}
