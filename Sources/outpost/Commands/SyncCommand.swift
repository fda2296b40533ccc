import ArgumentParser
import OutpostReplica

/// `outpost sync`: pushes this laptop's pending edits, pulls everything new, and fetches the
/// conflicts this user lost. Safe to interrupt and rerun: it resumes where it stopped.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Exchange changes with the server.")

    /// Journal entries per push, and rows per pull page.
    static let batchSize = 500

    @OptionGroup var replicaOptions: ReplicaOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let replica = try replicaOptions.openReplica()
        let settings = try replica.settings()
        guard !settings.token.isEmpty else { throw ReplicaError.signedOut(path: replica.path) }
        let engine = SyncEngine(
            replica: replica, transport: HTTPSyncTransport(baseURL: settings.serverURL, token: settings.token),
            pushBatchSize: Self.batchSize, pageSize: Self.batchSize)
        let report = try await engine.sync { progress in
            // Progress only once there is more than one batch: a quick sync stays quiet.
            switch progress {
            case .pushed(let sent) where sent > Self.batchSize:
                Console.diagnose("pushed \(sent) entries")
            case .pulled(let rows, let pages) where pages > 1:
                Console.diagnose("pulled \(rows) rows (\(pages) pages)")
            default:
                break
            }
        }
        let summary = SyncSummary(report)
        if output.json {
            try Console.printJSON(summary)
        } else {
            print(summary.rendered())
        }
    }
}
