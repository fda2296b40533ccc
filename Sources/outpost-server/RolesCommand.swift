import ArgumentParser
import OutpostDomain
import OutpostServer

/// `outpost-server roles …`: add roles, which users then hold (`users add --role`).
///
/// ```
/// outpost-server roles add --db store.sqlite --id role-campus-head --name 校区主管 \
///     --data-scope unit_subtree --permission lead.delete --field-access lead.mobile=read
/// ```
struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "Add roles: whose records their holders see, what they may do, and which fields they may read or change.",
        subcommands: [Add.self])

    /// `roles add`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a role (see protocol/scopes.md).")

        @OptionGroup var storeOption: StoreOption
        @Option(help: "The role id, such as role-campus-head.") var id: String
        @Option(help: "The display name.") var name: String
        @Option(name: .customLong("data-scope"),
                help: "Whose records its holders see and change: self, self_and_subordinates, own_unit, unit_subtree or company.")
        var dataScope: String
        @Option(name: .customLong("permission"), help: "A permission, such as lead.delete (repeat for more).") var permissions: [String] = []
        @Option(name: .customLong("field-access"), help: "entity.field=hidden, read or write, such as lead.mobile=hidden (repeat for more).")
        var fieldAccess: [String] = []

        func validate() throws {
            guard DataScope(rawValue: dataScope) != nil else {
                throw ValidationError("'\(dataScope)' is not a data scope. Pass --data-scope " + DataScope.words.joined(separator: ", ") + ".")
            }
            if let malformed = fieldAccess.first(where: { FieldAccess(parsing: $0) == nil }) {
                throw ValidationError("'\(malformed)' is not a field access entry. Write entity.field=hidden, read or write, for example lead.mobile=hidden.")
            }
        }

        func run() async throws {
            let role = OrganisationAdministration.NewRole(id: id, name: name, dataScope: dataScope, permissions: permissions,
                                                          fieldAccess: fieldAccess)
            try await AdminStore.run(storeOption.databasePath, creating: true) { store in
                try await organisation(store).add(role)
            }
            print("Added role \(id) (\(dataScope)).")
        }
    }
}
