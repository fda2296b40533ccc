import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostReplica
import OutpostSQLite
import OutpostTestSupport
import Testing

/// A replica file written before stamps format 3 (field names spelled out in every row's
/// stamp pack) opens, reads its rows as they were, syncs, and converges; rows it writes again
/// take the new format with the file's field numbers.
@Suite struct StampFormatUpgradeTests {
    private let lead = EntityName("lead")

    @Test func aReplicaWithFormatTwoStampsOpensAndSyncs() async throws {
        try await withRunningServer(.sqlite) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13812345678"])
            let before = try #require(try z1.lead(id))
            let rewritten = try rewriteStampsInFormatTwo(z1.replica.path)
            #expect(rewritten > 0)

            // The laptop restarts on the old file.
            let reopened = try Laptop("z1", user: DemoUsers.zhao, server: server, clock: z1.clock)
            #expect(try reopened.lead(id) == before)
            w1.clock.advance(by: 60_000)
            reopened.clock.advance(by: 90_000)
            try w1.editLead(id, ["intent_level": "A"])
            try reopened.editLead(id, ["remark": "想报周末班"])
            server.clock.advance(by: 1_000_000)
            try await w1.sync()
            try await reopened.sync()
            try await w1.sync()

            try await expectConverged([w1, reopened], server: server)
            let row = try #require(try reopened.lead(id))
            #expect(row.values[FieldName("intent_level")] == .text("A"))
            #expect(row.values[FieldName("remark")] == .text("想报周末班"))
            #expect(try stampFormat(of: id, in: reopened.replica.path) == 3)
        }
    }

    // MARK: - Private

    /// Rewrites every lead's stamp pack in format 2, as an older build wrote it.
    private func rewriteStampsInFormatTwo(_ path: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }   // the test's verdict does not depend on closing
        return try queue.write { db in
            let table = try EntityTable(OutpostSchema.lead, numberedBy: db)
            var rewritten = 0
            for row in try Row.fetchAll(db, sql: "SELECT \(table.columnList) FROM lead") {
                let (id, state) = try table.decode(row)
                try db.execute(sql: "UPDATE lead SET _stamps = ? WHERE id = ?",
                               arguments: [Data(FormatTwoStamps.encoded(state.stamps)), id.rawValue])
                rewritten += 1
            }
            return rewritten
        }
    }

    private func stampFormat(of id: RowID, in path: String) throws -> UInt8? {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }   // the test's verdict does not depend on closing
        return try queue.read { db in
            try Data.fetchOne(db, sql: "SELECT _stamps FROM lead WHERE id = ?", arguments: [id.rawValue])?.first
        }
    }
}
