import ArgumentParser
import OutpostServer

/// `outpost-server audit verify`: walks the audit log's hash chain (R-10.2).
///
/// ```
/// $ outpost-server audit verify --db store.sqlite
/// audit chain intact: 42 entries checked; last hash 3f1c…
/// $ outpost-server audit verify --db store.sqlite --last-hash 3f1c…   # the one printed last time
/// ```
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit log against its hash chain.",
        subcommands: [Verify.self])

    /// `audit verify`.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the chain over every audit_log row; exit 0 when it matches, 1 naming the first entry that does not.")

        @OptionGroup var storeOption: StoreOption

        @Option(name: .customLong("last-hash"),
                help: "The last hash an earlier check printed (kept elsewhere): the check fails when entries after it were removed from the end.")
        var lastHash: String?

        func validate() throws {
            // A typo would read as "entries were removed": refused before anything is checked.
            if let lastHash, lastHash.count != 64 || !lastHash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
                throw ValidationError("'\(lastHash)' is not a hash `audit verify` prints (64 lowercase hexadecimal characters). "
                                      + "Pass the last hash an earlier check printed, or leave --last-hash out.")
            }
        }

        func run() async throws {
            let report = try await AdminStore.run(storeOption.databasePath) { store in try await store.verifyAuditChain(lastHash: lastHash) }
            guard let broken = report.broken else {
                print("audit chain intact: \(report.checked) \(report.checked == 1 ? "entry" : "entries") checked"
                      + (report.lastHash.map { "; last hash \($0) (keep it elsewhere and pass it as --last-hash next time)" } ?? ""))
                return
            }
            print("""
                audit chain broken at entry \(broken.entry.position) (audit_log row \(broken.entry.auditID.rawValue)): \(broken.reason). \
                \(report.checked) entries before it matched. Restore the audit log from a backup and investigate who changed the database.
                """)
            throw ExitCode.failure
        }
    }
}
