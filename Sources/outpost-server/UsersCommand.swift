import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostServer

/// `outpost-server users …`: add users, set passwords, disable and enable them.
///
/// ```
/// outpost-server users add --db store.sqlite --id u-li --name 李雷 --mobile 13800000009 \
///     --unit ou-hd-t1 --position course_consultant --reports-to u-lily --role role-consultant --password-stdin
/// outpost-server users allocation --db store.sqlite u-li --course course-coding --region 110108 --quota 40
/// outpost-server users move --db store.sqlite u-li --unit ou-cy-t1 --reports-to u-chen --hand-over-to u-zhao
/// outpost-server users disable --db store.sqlite u-li
/// ```
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add users, set their passwords and allocation, move them to another unit, disable and enable them.",
        subcommands: [Add.self, Passwd.self, Allocation.self, Move.self, Disable.self, Enable.self])

    /// `users allocation`: how a user takes leads (R-5.2 weight, R-5.3 criteria and quota).
    struct Allocation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set how a user takes allocated leads: weight, the courses, regions and grades of quality leads, a monthly quota.",
            discussion: "Options left out stay as they are; --clear-criteria empties the three criteria, --no-quota removes the quota.")

        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The user id.") var id: String
        @Option(help: "Allocation weight, 0 to 100 (0 pauses allocation).") var weight: Int?
        @Option(name: .customLong("course"), help: "A course id they take quality leads for (repeat for more).") var courses: [String] = []
        @Option(name: .customLong("region"), help: "A region code they take quality leads in, e.g. 110108 (repeat for more).") var regions: [String] = []
        @Option(name: .customLong("grade"), help: "A lead grade they take (A, B, C, D; repeat for more).") var grades: [String] = []
        @Flag(help: "Empty the course, region and grade criteria (they take every quality lead).") var clearCriteria = false
        @Option(help: "Quality leads a month.") var quota: Int?
        @Flag(help: "Remove the monthly quota.") var noQuota = false

        func validate() throws {
            if clearCriteria, !(courses.isEmpty && regions.isEmpty && grades.isEmpty) {
                throw ValidationError("--clear-criteria and --course/--region/--grade contradict each other. Pass one of them.")
            }
            if noQuota, quota != nil { throw ValidationError("--quota and --no-quota contradict each other. Pass one of them.") }
        }

        func run() async throws {
            func list(_ values: [String]) -> [String]? { clearCriteria ? [] : (values.isEmpty ? nil : values) }
            let allocation = UserAdministration.Allocation(
                weight: weight, courseIDs: list(courses), regionCodes: list(regions), grades: list(grades),
                quota: noQuota ? .some(nil) : quota.map { .some($0) })
            try await AdminStore.run(storeOption.databasePath) { store in
                try await administration(store).setAllocation(allocation, of: UserID(id))
            }
            print("Allocation of \(id) updated.")
        }
    }

    /// `users add`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user who signs in with a mobile number and password.")

        @OptionGroup var storeOption: StoreOption
        @Option(help: "The user id, such as u-li.") var id: String
        @Option(help: "The display name.") var name: String
        @Option(help: "The mobile number the user signs in with.") var mobile: String
        @Option(help: "The id of the user's org unit.") var unit: String
        @Option(help: "The position: course_consultant, ground_sales, team_lead, branch_manager, hq_admin, …") var position: String
        @Option(name: .customLong("reports-to"), help: "The manager's user id.") var reportsTo: String?
        @Option(name: .customLong("role"), help: "The id of a role the user holds (repeat for more); none keeps the position's defaults.")
        var roles: [String] = []
        @OptionGroup var passwordOptions: PasswordOptions

        func run() async throws {
            let user = UserAdministration.NewUser(id: UserID(id), name: name, mobile: mobile, unit: unit, position: position,
                                                  reportsTo: reportsTo.map { UserID($0) }, roles: roles)
            let password = try passwordOptions.password()
            try await AdminStore.run(storeOption.databasePath, creating: true) { store in
                try await administration(store).add(user, password: password)
            }
            print("Added user \(id); they sign in with their mobile number and this password.")
        }
    }

    /// `users passwd`.
    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password and sign them out on every device.",
            discussion: "Each of their laptops asks for the new password at its next sync; nothing it holds is lost. --keep-sessions leaves them signed in.")

        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The user id.") var id: String
        @OptionGroup var passwordOptions: PasswordOptions
        @Flag(help: "Leave the user's devices signed in with their current tokens.") var keepSessions = false

        func run() async throws {
            let password = try passwordOptions.password()
            let revoked = try await AdminStore.run(storeOption.databasePath) { store in
                try await administration(store).setPassword(password, for: UserID(id), endingSessions: !keepSessions)
            }
            if keepSessions {
                print("Set the password of \(id); their devices stay signed in.")
            } else {
                print("Set the password of \(id); signed out \(revoked.count) device\(revoked.count == 1 ? "" : "s"), each asks for the new password at its next sync.")
            }
        }
    }

    /// `users move`: another org unit, and perhaps another manager (DOMAIN "Org moves").
    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a user to another org unit; their records in a branch they leave go to a colleague or the pool.",
            discussion: """
                Records stay in the branch that collected them (R-4.1), and no other branch sees them (R-4.4). \
                Moving to another branch therefore needs --hand-over-to (a colleague of the old branch takes their leads, \
                customers and opportunities) or --release (their leads and customers go to the old branch's pool), \
                unless they own nothing there. Their team memberships of another branch's records end. \
                Each record gets an ownership event; the move is audited.
                """)

        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The user id.") var id: String
        @Option(help: "The org unit they move to.") var unit: String
        @Option(help: "Their new manager's user id (left out: their manager stays).") var reportsTo: String?
        @Option(help: "A colleague of the branch they leave, who takes the records they own there.") var handOverTo: String?
        @Flag(help: "Release the leads and customers they own in the branch they leave to its public pool.") var release = false

        func validate() throws {
            if handOverTo != nil, release { throw ValidationError("--hand-over-to and --release contradict each other. Pass one of them.") }
        }

        func run() async throws {
            let records: UserMove.OwnedRecords = handOverTo.map { .handOver(to: UserID($0)) } ?? (release ? .release : .refuse)
            let move = UserMove(user: UserID(id), unit: RowID(unit), reportsTo: reportsTo.map { UserID($0) }, ownedRecords: records)
            let report = try await AdminStore.run(storeOption.databasePath) { store in
                try await administration(store).move(move)
            }
            var line = "Moved \(id) to \(unit)"
            if report.fromBranch != report.toBranch {
                line += " (branch \(report.fromBranch ?? "none") → \(report.toBranch ?? "none"))"
            }
            if let colleague = handOverTo, !report.handedOver.isEmpty {
                line += "; \(colleague) took \(Self.count(report.handedOver))"
            }
            if !report.released.isEmpty { line += "; released \(Self.count(report.released)) to the pool" }
            if !report.endedShares.isEmpty {
                line += "; ended \(report.endedShares.count) team membership\(report.endedShares.count == 1 ? "" : "s") of another branch's records"
            }
            if (handOverTo != nil || release) && report.handedOver.isEmpty && report.released.isEmpty {
                let reason = report.fromBranch == report.toBranch
                    ? "the move stays within \(report.toBranch.map { "branch \($0)" } ?? "head office"), where their records stay theirs"
                    : "they owned no record in the branch they left"
                line += "; \(release ? "--release" : "--hand-over-to") had nothing to do: \(reason)"
            }
            print(line + ".")
            Self.printWhoIsLeftToReassign(report, of: id, place: " in the branch they left")
        }

        /// The people who still report to `id` and the units they still manage (`place`: where),
        /// for the administrator to give another manager.
        static func printWhoIsLeftToReassign(_ report: UserMoveReport, of id: String, place: String) {
            if !report.stillReporting.isEmpty {
                let people = report.stillReporting.map(\.rawValue).joined(separator: ", ")
                print("Note: \(people) still report\(report.stillReporting.count == 1 ? "s" : "") to \(id)\(place); give them a manager "
                      + "with `outpost-server users move ID --unit THEIR-UNIT --reports-to MANAGER`.")
            }
            if !report.stillManaged.isEmpty {
                print("Note: \(id) is still the manager of \(report.stillManaged.map(\.rawValue).joined(separator: ", "))\(place).")
            }
        }

        /// "3 leads and 1 customer".
        static func count(_ keys: [UserMoveReport.Record]) -> String {
            guard !keys.isEmpty else { return "no records" }
            let byEntity = Dictionary(grouping: keys, by: \.entity).sorted { $0.key < $1.key }
            return byEntity.map { entity, keys in
                let name = entity.rawValue == "opportunity" && keys.count != 1 ? "opportunities" : entity.rawValue + (keys.count == 1 ? "" : "s")
                return "\(keys.count) \(name)"
            }.joined(separator: " and ")
        }
    }

    /// `users disable`.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a user: no sign-in, handshake or pull; their laptops' later pushes are quarantined.",
            discussion: """
                When they leave the company, pass --hand-over-to (a colleague of their branch takes every lead, customer and \
                opportunity they own, each with an ownership event handover_on_departure) or --release (their leads and \
                customers go to their branch's public pool); their team memberships end. Without either, their records stay \
                theirs (a leave, say). Audited.
                """)

        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The user id.") var id: String
        @Option(help: "A colleague of their branch, who takes every record they own.") var handOverTo: String?
        @Flag(help: "Release the leads and customers they own to their branch's public pool.") var release = false

        func validate() throws {
            if handOverTo != nil, release { throw ValidationError("--hand-over-to and --release contradict each other. Pass one of them.") }
        }

        func run() async throws {
            guard handOverTo != nil || release else {
                try await AdminStore.run(storeOption.databasePath) { store in
                    try await administration(store).disable(UserID(id))
                }
                return print("Disabled \(id).")
            }
            let records: UserMove.OwnedRecords = handOverTo.map { .handOver(to: UserID($0)) } ?? .release
            let report = try await AdminStore.run(storeOption.databasePath) { store in
                try await administration(store).depart(UserID(id), ownedRecords: records)
            }
            var line = "Disabled \(id)"
            if let colleague = handOverTo { line += "; \(colleague) took \(Move.count(report.handedOver))" }
            if release { line += "; released \(Move.count(report.released)) to the pool" }
            if !report.endedShares.isEmpty {
                line += "; ended \(report.endedShares.count) team membership\(report.endedShares.count == 1 ? "" : "s")"
            }
            print(line + ".")
            Move.printWhoIsLeftToReassign(report, of: id, place: "")
        }
    }

    /// `users enable`.
    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user again; they sign in anew on each device.")

        @OptionGroup var storeOption: StoreOption
        @Argument(help: "The user id.") var id: String

        func run() async throws {
            let revoked = try await AdminStore.run(storeOption.databasePath) { store in
                try await administration(store).enable(UserID(id))
            }
            switch revoked.count {
            case 0: print("Enabled \(id); they had no device token left, so they sign in on each device.")
            case 1: print("Enabled \(id); revoked 1 device token: they sign in anew on that device.")
            default: print("Enabled \(id); revoked \(revoked.count) device tokens: they sign in anew on each device.")
            }
        }
    }
}

/// The administration of `store`'s users, on the current schema and the wall clock.
func administration(_ store: any ChangeStore) -> UserAdministration {
    var administration = UserAdministration(store: store, schema: OutpostSchema.current, now: { AdminStore.now() })
    administration.commandSource = AdminStore.commandSource
    return administration
}
