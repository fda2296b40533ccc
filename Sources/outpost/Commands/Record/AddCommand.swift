import ArgumentParser
import OutpostCore
import OutpostReplica

/// `outpost add`: records a new row of any entity of the schema from `field=value` words
/// read by each field's type, and prints its id.
struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a record of any entity and print its id.",
        discussion: """
            Each word is field=value, read by the field's type: text; whole numbers; true/false/yes/no; \
            one of an enumeration's words; times as now, 2026-09-01T10:00+08:00 or ms; stages by name; \
            money (the *_fen fields) in fen as the name says and as show prints it, 1280000, or in yuan \
            with the unit, 12800yuan or 12800.50元; \
            tags=vip,trial; composite members as address.text=… address.district_code=110108; references \
            as an id or its first or last characters, subject_id too (of the entity subject_type names). \
            `outpost show ENTITY ID` lists an entity's fields.
            Example: outpost add lead contact_name=王女士 mobile=13900001111 intent_level=B source_channel=referral
            """)

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The entity, for example lead or follow_up.", valueName: "entity"))
    var entity: String

    @Argument(help: ArgumentHelp("The values, as field=value words.", valueName: "field=value"))
    var assignments: [String] = []

    @OptionGroup var output: OutputOptions

    /// The command that records an entity with its usual values filled, by entity.
    static let dedicatedCommands = [
        "lead": "`outpost lead add --name NAME --mobile NUMBER` records a lead with its source and owner filled.",
        "follow_up": "`outpost followup add ID --subject lead|customer|opportunity|contact --method phone --content TEXT` logs a follow-up now, about the record ID.",
    ]

    func validate() throws {
        for word in assignments { _ = try FieldAssignment(parsing: word) }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let entitySchema = try replica.schema.entity(named: entity)
        let now = WallClock.now()
        let id: RowID, values: [FieldName: FieldValue]
        do {
            values = try RecordValues.make(try assignments.map(FieldAssignment.init(parsing:)), of: entitySchema,
                                           current: nil, parser: replica.valueParser(now: now))
            id = try replica.create(entitySchema.name, values: values, now: now)
        } catch {
            // A record missing a required value: the command made for it fills what it needs
            // (round 33: a follow-up refused for its `occurred_at` said nothing of `followup add`).
            if (error as? ReplicaError)?.code == "validation.required", let shorter = Self.dedicatedCommands[entitySchema.name.rawValue] {
                Console.diagnose("Tip: \(shorter)")
            }
            throw error
        }
        MobileSegmentWarning.diagnose(values, of: entitySchema)
        try PossibleDuplicateWarning.diagnose(replica, entitySchema.name, id)
        if output.json {
            try Console.printJSON(["entity": entitySchema.name.rawValue, "id": id.rawValue])
        } else {
            print(id.rawValue)
        }
    }
}
