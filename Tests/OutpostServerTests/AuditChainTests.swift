import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import PostgresNIO
import Testing

/// Every audit_log row is hash-chained in commit order; a change behind the server's
/// back is found by `verifyAuditChain`, on both stores.
@Suite struct AuditChainTests {
    /// Writes three audit rows: two identity events and one pushed by a client.
    private func writeAuditRows(_ store: any ChangeStore) async throws -> [RowID] {
        let events = [
            IdentityAudit(.login, actor: UserID("u-wang"), device: "w1", subject: UserID("u-wang"), clientAddress: "127.0.0.1"),
            IdentityAudit(.loginFailed, actor: IdentityAudit.unknownActor, device: "w2", subject: nil, isAllowed: false,
                          reason: "auth.invalid_credentials", clientAddress: "127.0.0.1"),
        ]
        var ids: [RowID] = []
        for event in events {
            let row = event.row(now: 1_000)
            ids.append(row.id)
            try await store.seed([row], serverNow: 1_000)
        }
        let pushed = RowID("019a0000-0000-7000-8000-0000000000c1")
        let values: [(String, FieldValue)] = [
            ("actor_id", .text("u-wang")), ("device_id", .text("w1")), ("action", .text("export")),
            ("entity_type", .text("lead")), ("occurred_at", .integer(900)), ("result", .text("ok")),
        ]
        let changes = values.enumerated().map { offset, pair in
            PushChange(sequence: Int64(offset + 1), entity: EntityName("audit_log"), rowID: pushed, field: FieldName(pair.0), value: pair.1,
                       clock: HLCTimestamp(wallMilliseconds: 900, counter: UInt32(offset), deviceID: DeviceID("w1")), base: nil)
        }
        let answer = try await store.apply(PushRequest(deviceID: DeviceID("w1"), changes: changes), author: UserID("u-wang"), serverNow: 1_000)
        #expect(answer.results.allSatisfy { $0.status == .applied }, "\(answer.results)")
        ids.append(pushed)
        return ids
    }

    @Test(arguments: StoreKind.allCases)
    func anUntouchedChainVerifies(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            _ = try await writeAuditRows(store)
            let report = try await store.verifyAuditChain()
            #expect(report.broken == nil)
            #expect(report.checked == 3)
        }
    }

    @Test(arguments: StoreKind.allCases, ["edit", "fill", "delete", "insert", "hide"])
    func aChangeBehindTheServersBackIsFound(store kind: StoreKind, tampering: String) async throws {
        try await withChangeStore(kind) { store in
            let ids = try await writeAuditRows(store)
            let sql = switch tampering {
            case "edit": "UPDATE audit_log SET device_id = 'w9' WHERE id = '\(ids[1].rawValue)'"
            // A column the entry was written without (black-box round 16): no stamp covers it.
            case "fill": "UPDATE audit_log SET reason = 'nothing to see' WHERE id = '\(ids[2].rawValue)'"
            case "delete": "DELETE FROM audit_log WHERE id = '\(ids[1].rawValue)'"
            // The liveness column apps filter on (round 21): the entry would vanish from their queries.
            case "hide": kind == .sqlite ? "UPDATE audit_log SET is_deleted = 1 WHERE id = '\(ids[1].rawValue)'"
                                         : "UPDATE audit_log SET is_deleted = true WHERE id = '\(ids[1].rawValue)'"
            default: "INSERT INTO audit_log (id, action, _stamps) SELECT 'forged', action, _stamps FROM audit_log WHERE id = '\(ids[0].rawValue)'"
            }
            try await execute(sql, on: store)
            let report = try await store.verifyAuditChain()
            let broken = try #require(report.broken)
            if tampering == "insert" {
                #expect(broken.entry.auditID == RowID("forged"))
                #expect(report.checked == 3)
            } else if tampering == "fill" {
                #expect(broken.entry.auditID == ids[2])
                #expect(broken.reason.contains("'reason'"), "\(broken.reason)")
                #expect(report.checked == 2)
            } else {
                #expect(broken.entry.auditID == ids[1])
                #expect(broken.entry.position == 2)
                #expect(report.checked == 1)
            }
        }
    }

    /// Removing the newest entries with their links leaves a chain that matches itself; the
    /// last hash of an earlier check, kept elsewhere, finds it (black-box round 17).
    @Test(arguments: StoreKind.allCases)
    func entriesRemovedFromTheEndAreFoundByTheLastHashOfAnEarlierCheck(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let ids = try await writeAuditRows(store)
            let before = try await store.verifyAuditChain()
            let lastHash = try #require(before.lastHash)
            #expect(before.broken == nil)
            #expect(try await store.verifyAuditChain(lastHash: lastHash).broken == nil, "nothing removed yet")
            try await execute("DELETE FROM audit_chain WHERE audit_id = '\(ids[2].rawValue)'", on: store)
            try await execute("DELETE FROM audit_log WHERE id = '\(ids[2].rawValue)'", on: store)
            #expect(try await store.verifyAuditChain().broken == nil, "the chain alone cannot tell")
            let report = try await store.verifyAuditChain(lastHash: lastHash)
            #expect(report.broken?.reason.contains("removed from the end") == true, "\(String(describing: report.broken))")
            #expect(report.checked == 2)
        }
    }

    /// Runs raw SQL on the store's database, as someone with database access could.
    private func execute(_ sql: String, on store: any ChangeStore) async throws {
        if let sqlite = store as? SQLiteChangeStore {
            try await sqlite.database.write { db in try db.execute(sql: sql) }
        } else if let postgres = store as? PostgresChangeStore {
            try await postgres.client.query(PostgresQuery(unsafeSQL: sql), logger: postgres.logger)
        }
    }
}
