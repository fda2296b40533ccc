import ArgumentParser
import OutpostCore
import OutpostProtocol
import OutpostReplica

/// `outpost tag`: adds and removes tags of a record: an edit of its `tags` field as an
/// observed-remove set, so a tag someone else adds meanwhile survives the merge.
struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add or remove tags of a record (an edit; synced like any other).",
        discussion: "Example: outpost tag lead 3a4b5c6d7e8f --add vip --remove cold")

    /// The field that holds a record's tags.
    static let field = FieldName("tags")

    @OptionGroup var replicaOptions: ReplicaOptions
    @OptionGroup var subject: SubjectArguments

    @Option(help: ArgumentHelp("A tag to add; repeat for several.", valueName: "tag"))
    var add: [String] = []

    @Option(help: ArgumentHelp("A tag to remove; repeat for several.", valueName: "tag"))
    var remove: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !add.isEmpty || !remove.isEmpty else { throw ValidationError("Nothing to do. Pass --add TAG or --remove TAG.") }
        if let both = add.first(where: remove.contains) {
            throw ValidationError("--add \(both) and --remove \(both) contradict each other. Pass one of them.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let entity = try replica.schema.entity(named: subject.entity)
        let tags = try entity.dataField(named: Self.field)
        guard case .tagSet = tags.type else {
            throw InputError.unsupportedOperation(field: tags.name, written: "outpost tag",
                                                  hint: "it is not a tag set on \(entity.name) (it takes \(tags.type.description)).")
        }
        let rowID = try replica.rowID(of: entity.name, matching: subject.id)
        let before = try replica.row(entity.name, id: rowID)?.values[Self.field] ?? .null
        // A tag that is not there cannot be removed: say so, rather than print the set as if it had worked.
        let removals = remove.flatMap(FieldValueParser.tags(in:))
        let present = ObservedRemoveSet(before)?.elements ?? []
        let absent = removals.filter { !$0.isEmpty && !present.contains($0) }
        for tag in absent {
            Console.diagnose("'\(tag.terminalSafe)' is not a tag of \(entity.name) \(rowID.short): nothing to remove.")
        }
        var changed: [String] = []
        if !add.isEmpty || absent.count < removals.count {
            let words = add.map { FieldAssignment(field: Self.field, operation: .add, text: $0) }
                + remove.map { FieldAssignment(field: Self.field, operation: .remove, text: $0) }
            changed = try RecordEditor(replica: replica, entity: entity, rowID: rowID).apply(words)
        }
        let current = try replica.row(entity.name, id: rowID)?.values[Self.field] ?? .null
        if output.json {
            try Console.printJSON(RecordChange(entity: entity.name.rawValue, id: rowID.rawValue, fields: changed))
        } else {
            print("tags of \(entity.name) \(rowID.short): \(FieldText.readable(current, of: tags.type))" + (changed.isEmpty ? " (unchanged)" : ""))
        }
    }
}
