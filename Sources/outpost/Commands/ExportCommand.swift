import ArgumentParser
import Foundation
import OutpostCore
import OutpostReplica

/// `outpost export`: writes every record of one kind this laptop holds to a CSV file, offline,
/// and journals the audit entry the next sync pushes. Only users allowed to
/// export may (a role granting `lead.export`, or team lead and above).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the records of one kind on this laptop to a CSV file (audited).",
        discussion: """
            Example: outpost export lead --out leads.csv --field contact_name --field mobile
            Every export is recorded in the audit log with its row count and columns; the entry is pushed at the next sync.
            """)

    @OptionGroup var replicaOptions: ReplicaOptions

    @Argument(help: ArgumentHelp("The entity, for example lead or customer.", valueName: "entity"))
    var entity: String

    @Option(help: ArgumentHelp("The CSV file to write (replaced if it exists).", valueName: "path"))
    var out: String

    @Option(name: .customLong("field"), help: ArgumentHelp("A column after id; repeat for several (default: every field).", valueName: "field"))
    var fields: [String] = []

    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let declared = try replica.schema.entity(named: entity)
        let summary = try replica.export(declared.name, fields: fields.isEmpty ? nil : fields.map { FieldName($0) },
                                         to: URL(fileURLWithPath: out))
        if output.json {
            try Console.printJSON(summary)
        } else {
            print("exported \(summary.rowCount) \(summary.entity) rows to \(summary.path) (\(summary.fields.count + 1) columns); audited, pushed at the next sync")
        }
    }
}
