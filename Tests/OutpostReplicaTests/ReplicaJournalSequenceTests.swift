import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol
@testable import OutpostReplica
import OutpostTestSupport
import Testing

/// A journal entry's sequence is its push sequence: the server answers a sequence it has seen
/// with its first answer and applies nothing (invariant 3), so a sequence handed out twice
/// would lose the second edit. The journal's INTEGER PRIMARY KEY (no AUTOINCREMENT since
/// migration v6) relies on the largest sequence never leaving the table.
@Suite struct ReplicaJournalSequenceTests {
    private let lead = EntityName("lead")

    private func newLead(_ name: String) -> [FieldName: FieldValue] {
        [FieldName("contact_name"): .text(name), FieldName("source_channel"): .text("walk_in"),
         FieldName("telephone"): .text("010-12345678")]
    }

    private func sequences(_ replica: Replica) throws -> [Int64] {
        try replica.journalEntries(in: .pending, .applied, limit: 10_000).map(\.sequence).sorted()
    }

    @Test func sequencesKeepRisingAfterEveryEntryIsAnswered() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        let replica = try Replica(path: path)
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        var handedOut: [Int64] = []
        for round in 0..<3 {
            for index in 0..<4 { try replica.create(lead, values: newLead("王妈妈\(round)-\(index)"), now: 1_000 + Int64(round)) }
            let pending = try replica.pendingEntries(limit: 100)
            #expect(!pending.isEmpty)
            #expect(pending.allSatisfy { sequence in !handedOut.contains(sequence.sequence) })
            #expect(pending.map(\.sequence).min()! > (handedOut.max() ?? 0))
            handedOut += pending.map(\.sequence)
            // Every entry answered: the journal holds nothing pending, and the next edit must
            // still take a sequence above all of these.
            try replica.record(PushResponse(results: pending.map { PushResult(sequence: $0.sequence, status: .applied) },
                                            logPosition: PullCursor(rawValue: "p:\(round)")))
            #expect(try replica.pendingCount() == 0)
        }
        #expect(Set(handedOut).count == handedOut.count)
        // After a restart too.
        let reopened = try Replica(path: path)
        try reopened.create(lead, values: newLead("李爸爸"), now: 2_000)
        let next = try #require(try reopened.pendingEntries(limit: 100).map(\.sequence).min())
        #expect(next > handedOut.max()!)
    }

    @Test func aReplicaMadeBeforeV6KeepsItsJournalAndContinuesItsSequences() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("replica.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try ReplicaMigrations.makeMigrator(schema: OutpostSchema.current).migrate(pool, upTo: "v5-journal-without-row-index")
            try pool.write { db in
                for sequence in [1, 2, 7] {
                    try db.execute(sql: """
                        INSERT INTO journal (sequence, entity, row_id, field, value, clock, state, recorded_at, command_id)
                        VALUES (?, 'lead', 'r1', 'remark', '"备注"', ?, ?, 5, NULL)
                        """, arguments: [sequence, "1000.0@w1", sequence == 7 ? "pending" : "applied"])
                }
                let autoincrement = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'journal'") ?? ""
                #expect(autoincrement.contains("AUTOINCREMENT"))
            }
        }
        let replica = try Replica(path: path)
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        #expect(try sequences(replica) == [1, 2, 7])
        #expect(try replica.pendingEntries(limit: 10).map(\.change.field) == [FieldName("remark")])
        try replica.create(lead, values: newLead("王妈妈"), now: 9_000)
        let all = try sequences(replica)
        #expect(all.count > 3 && all.dropFirst(3).allSatisfy { $0 > 7 })
        try replica.database.read { db in
            let table = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'journal'") ?? ""
            #expect(!table.contains("AUTOINCREMENT"))
            #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE tbl_name = 'journal' AND type = 'index'") == ["journal_by_state"])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'journal'") == 0)
        }
    }
}
