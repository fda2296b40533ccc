import ArgumentParser
import OutpostDomain
import OutpostServer

/// `outpost-server units …`: add org units (company → branch → campus → team).
///
/// ```
/// outpost-server units add --db store.sqlite --id ou-hd-campus --name 中关村校区 --kind campus --parent ou-hd
/// ```
struct UnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "Add org units: the company, its branches, campuses and teams.",
        subcommands: [Add.self])

    /// `units add`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an org unit below an existing one (the company has no parent).")

        @OptionGroup var storeOption: StoreOption
        @Option(help: "The unit id, such as ou-hd-campus.") var id: String
        @Option(help: "The display name.") var name: String
        @Option(help: "The kind: company, branch, campus or team.") var kind: String
        @Option(help: "The id of the unit above it (every kind but company).") var parent: String?
        @Option(help: "The IANA time zone that defines the unit's day.") var timezone = "Asia/Shanghai"

        func validate() throws {
            guard OrganisationAdministration.unitKinds.contains(kind) else {
                throw ValidationError("'\(kind)' is not a unit kind. Pass --kind company, branch, campus or team.")
            }
            if kind == "company", parent != nil {
                throw ValidationError("The company is the top of the tree: leave out --parent.")
            }
        }

        func run() async throws {
            let unit = OrganisationAdministration.NewUnit(id: id, name: name, kind: kind, parent: parent, timezone: timezone)
            try await AdminStore.run(storeOption.databasePath, creating: true) { store in
                try await organisation(store).add(unit)
            }
            print("Added \(kind) \(id).")
        }
    }
}

/// The administration of `store`'s organisation, on the current schema and the wall clock.
func organisation(_ store: any ChangeStore) -> OrganisationAdministration {
    var organisation = OrganisationAdministration(store: store, schema: OutpostSchema.current, now: { AdminStore.now() })
    organisation.commandSource = AdminStore.commandSource
    return organisation
}
