import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostServer

/// `outpost-server units …`: add org units (company → branch → campus → team) and change them.
///
/// ```
/// outpost-server units add --db store.sqlite --id ou-hd-campus --name 中关村校区 --kind campus --parent ou-hd
/// outpost-server units set --db store.sqlite --id ou-hd --manager u-chen --add-region 110108
/// ```
struct UnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "Add org units (the company, its branches, campuses and teams) and change them.",
        subcommands: [Add.self, Change.self])

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

extension UnitsCommand {
    /// `units set`: a unit's name, time zone, manager, and a branch's territory.
    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change an org unit: its name, time zone, manager, or a branch's territory (region codes).")

        @OptionGroup var storeOption: StoreOption
        @Option(help: "The unit id, such as ou-hd.") var id: String
        @Option(help: "A new display name.") var name: String?
        @Option(help: "A new IANA time zone: it moves the unit's day (reclaim, daily claim limits).") var timezone: String?
        @Option(help: "The unit's manager: a user of its branch, or of head office.") var manager: String?
        @Option(name: .customLong("add-region"),
                help: "A six-digit division code (GB/T 2260) the branch's territory gains, e.g. 110108 (repeat for more).")
        var addedRegions: [String] = []
        @Option(name: .customLong("remove-region"), help: "A division code the branch's territory loses (repeat for more).")
        var removedRegions: [String] = []

        func run() async throws {
            let change = UnitChange(id: id, name: name, timezone: timezone, manager: manager.map { UserID($0) },
                                    addedRegions: addedRegions, removedRegions: removedRegions)
            let changed = try await AdminStore.run(storeOption.databasePath) { store in
                try await organisation(store).change(change)
            }
            print("Changed unit \(id): \(changed.joined(separator: ", ")).")
        }
    }
}

/// The administration of `store`'s organisation, on the current schema and the wall clock.
func organisation(_ store: any ChangeStore) -> OrganisationAdministration {
    var organisation = OrganisationAdministration(store: store, schema: OutpostSchema.current, now: { AdminStore.now() })
    organisation.commandSource = AdminStore.commandSource
    return organisation
}
