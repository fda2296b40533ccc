import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// Invariant 5: killing the server or a client at any instant leaves databases that open,
/// pass an integrity check and resume syncing with no loss. Real processes, real SIGKILL.
@Suite(.serialized) struct CrashSafetyTests {
    private let lead = EntityName("lead")

    private func writeUsers(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("users.json").path
        let users = [DemoUsers.wang, DemoUsers.zhao]
        try JSONEncoder().encode(users).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func integrityIsOK(_ path: String) throws -> Bool {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok" }
    }

    /// Syncs until it succeeds (the server may be down or just restarted), at most `attempts` times.
    private func syncUntilDone(_ replica: Replica, url: URL, token: String, attempts: Int = 50) async throws -> SyncReport {
        var lastError: (any Error)?
        for _ in 0..<attempts {
            do {
                return try await SyncEngine(replica: replica, transport: HTTPSyncTransport(baseURL: url, token: token, timeout: 5),
                                            pushBatchSize: 50, pageSize: 50).sync()
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        throw lastError ?? ProcessFailure("sync never succeeded")
    }

    /// The server process is killed, not PostgreSQL: on that store the database itself is not at risk.
    @Test(arguments: StoreKind.allCases)
    func killingTheServerMidSyncLosesNothing(store: StoreKind) async throws {
        let directory = try makeTemporaryDirectory("outpost-crash")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort cleanup
        let database = switch store {
        case .sqlite: directory.appendingPathComponent("server.sqlite").path
        case .postgres: try await TestPostgres.shared().url(database: try await TestPostgres.shared().createDatabase())
        }
        let users = try writeUsers(in: directory)
        var server = try await ServerProcess.start(["--db", database, "--users", users])

        let wang = try Replica(path: directory.appendingPathComponent("wang.sqlite").path)
        _ = try wang.configure(serverURL: server.url, userID: DemoUsers.wang.userID, token: DemoUsers.wang.token)
        var random = SeededGenerator(seed: 42)
        var created: [RowID] = []
        for round in 0..<8 {
            for index in 0..<60 {
                created.append(try wang.create(lead, values: [FieldName("contact_name"): .text("家长\(round)-\(index)"),
                                                              FieldName("source_channel"): .text("walk_in"),
                                                              FieldName("telephone"): .text("010-12345678")]))
            }
            // Sync in the background and kill the server at a random instant during it.
            let url = server.url
            let syncing = Task { try? await SyncEngine(replica: wang, transport: HTTPSyncTransport(baseURL: url, token: DemoUsers.wang.token, timeout: 5),
                                                       pushBatchSize: 20, pageSize: 20).sync() }
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...120, using: &random)))
            server.kill9()
            _ = await syncing.value
            if store == .sqlite {
                #expect(try integrityIsOK(database), "server database damaged after kill in round \(round)")
            }
            server = try await ServerProcess.start(["--db", database, "--users", users])
            _ = try wang.configure(serverURL: server.url, userID: DemoUsers.wang.userID, token: DemoUsers.wang.token)
        }
        _ = try await syncUntilDone(wang, url: server.url, token: DemoUsers.wang.token)
        #expect(try wang.pendingCount() == 0)

        let zhao = try Replica(path: directory.appendingPathComponent("zhao.sqlite").path)
        _ = try zhao.configure(serverURL: server.url, userID: DemoUsers.zhao.userID, token: DemoUsers.zhao.token)
        _ = try await syncUntilDone(zhao, url: server.url, token: DemoUsers.zhao.token)
        server.stop()

        // Nothing acknowledged is lost, and both replicas hold the same rows.
        let onZhao = Dictionary(uniqueKeysWithValues: try zhao.rows(lead).map { ($0.id, $0.state) })
        #expect(Set(onZhao.keys) == Set(created))
        for (id, state) in try wang.rows(lead) {
            #expect(onZhao[id]?.values == state.values)
        }
        #expect(try wang.passesIntegrityCheck())
    }

    @Test func killingClientSyncAndBootstrapProcessesLosesNothing() async throws {
        let directory = try makeTemporaryDirectory("outpost-crash")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort cleanup
        let users = try writeUsers(in: directory)
        let server = try await ServerProcess.start(["--db", directory.appendingPathComponent("server.sqlite").path, "--users", users])
        defer { server.stop() }

        let path = directory.appendingPathComponent("wang.sqlite").path
        var created: [RowID] = []
        do {
            let wang = try Replica(path: path)
            _ = try wang.configure(serverURL: server.url, userID: DemoUsers.wang.userID, token: DemoUsers.wang.token)
            for index in 0..<1500 {
                created.append(try wang.create(lead, values: [FieldName("contact_name"): .text("家长\(index)"), FieldName("remark"): .text("第一次到访"),
                                                          FieldName("source_channel"): .text("walk_in"),
                                                          FieldName("telephone"): .text("010-12345678")]))
            }
        }
        var random = SeededGenerator(seed: 7)
        var kills = 0
        for _ in 0..<12 {
            if try await runOutpostAndKill(["sync", "--replica", path], after: Double(Int.random(in: 20...400, using: &random)) / 1000) {
                kills += 1
            }
            #expect(try integrityIsOK(path))
        }
        #expect(kills > 0, "no sync was interrupted: the kills came too late to test anything")

        let wang = try Replica(path: path)
        _ = try await syncUntilDone(wang, url: server.url, token: DemoUsers.wang.token)
        #expect(try wang.pendingCount() == 0)
        #expect(try wang.journalEntries(in: .applied, limit: 100_000).count == created.count * 5)

        // Zhao bootstraps a fresh replica; the bootstrap is killed at random instants too.
        let zhaoPath = directory.appendingPathComponent("zhao.sqlite").path
        do {
            let fresh = try Replica(path: zhaoPath)
            _ = try fresh.configure(serverURL: server.url, userID: DemoUsers.zhao.userID, token: DemoUsers.zhao.token)
        }
        for _ in 0..<6 {
            _ = try await runOutpostAndKill(["sync", "--replica", zhaoPath], after: Double(Int.random(in: 20...300, using: &random)) / 1000)
            #expect(try integrityIsOK(zhaoPath))
        }
        let zhao = try Replica(path: zhaoPath)
        _ = try await syncUntilDone(zhao, url: server.url, token: DemoUsers.zhao.token)
        let onZhao = try zhao.rows(lead)
        #expect(Set(onZhao.map(\.id)) == Set(created))
        #expect(onZhao.allSatisfy { $0.state.values[FieldName("remark")] == .text("第一次到访") })
    }
}
