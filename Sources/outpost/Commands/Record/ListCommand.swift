import ArgumentParser
import OutpostCore
import OutpostReplica

/// `outpost list`: the rows of any entity on this laptop, as a table of their main fields
/// or as JSON, optionally filtered by field values.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the records of an entity on this laptop.",
        discussion: """
            --where takes field=value read like `outpost add` (tags=vip matches rows with that tag, \
            address.district_code=110108 one member); several must all match.
            Example: outpost list lead --where intent_level=A --limit 20 --json
            """)

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The entity, for example lead.", valueName: "entity"))
    var entity: String

    @Option(name: .customLong("where"), help: ArgumentHelp("Only rows whose field has this value; repeat for several.",
                                                            valueName: "field=value"))
    var filters: [String] = []

    @Flag(help: "Include deleted rows (marked in a STATE column).")
    var deleted = false

    // `.unconditional`: `--limit -1` is a value to refuse, not an unknown option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many rows.", valueName: "n"))
    var limit: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        for word in filters { _ = try FieldAssignment(parsing: word) }
        if let limit, limit < 1 {
            throw ValidationError("--limit \(limit) lists nothing. Pass 1 or more, or leave it out to list every row.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let entitySchema = try replica.schema.entity(named: entity)
        let filter = try RowFilter(try filters.map(FieldAssignment.init(parsing:)), of: entitySchema,
                                   parser: replica.valueParser(now: WallClock.now()))
        let matching = try replica.showingUnsentFollowUpPlans(try replica.rows(entitySchema.name, includingDeleted: deleted),
                                                              of: entitySchema.name)
            .filter { filter.matches($0.state) }
        let rows = matching.prefix(limit ?? matching.count)
            .map { RecordSummary(entity: entitySchema.name, id: $0.id, state: $0.state) }
        if output.json {
            try Console.printJSON(rows)
        } else if rows.isEmpty {
            Console.diagnose("No \(entitySchema.name) records match on this laptop. \(Self.howToAdd(entitySchema))")
        } else {
            print(RecordSummary.table(Array(rows), of: entitySchema, showingState: deleted).rendered())
            if rows.count < matching.count {
                Console.diagnose("Showing \(rows.count) of \(matching.count); raise --limit to see more.")
            }
        }
    }

    /// How records of `entity` come about: typed with `outpost add`, or made by the server (a
    /// share by `outpost share`, the others by its rules), which a sync brings.
    private static func howToAdd(_ entity: EntitySchema) -> String {
        let serverMade = entity.fields.contains(where: \.isRequired)
            && entity.fields.allSatisfy { !$0.isRequired || $0.policy.name == MergePolicy.serverOwned.name }
        guard serverMade else { return "Add one with `outpost add \(entity.name) field=value …`, or `outpost sync`." }
        let command = entity.name.rawValue == "record_share" ? "`outpost share lead ID --with USER`" : "the server"
        return "They are made by \(command), not typed in; `outpost sync` brings them."
    }
}
