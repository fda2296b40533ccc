import Foundation
import GRDB
import OutpostCore
import OutpostProtocol
@testable import OutpostReplica
import OutpostTestSupport
import Testing

/// Exports on the laptop (DOMAIN §2.9, R-10.1, R-10.3): who may export, the CSV written from
/// what the laptop holds, and the `export` audit entry journaled before the file appears.
@Suite struct ReplicaExportTests {
    private let lead = EntityName("lead")

    private func makeReplica(user: String) throws -> Replica { try PulledRowFixture.replica(for: user) }
    private func pulled(_ entity: String, _ id: String, _ values: [String: FieldValue]) -> PulledRow { PulledRowFixture.row(entity, id, values) }
    private func user(_ id: String, position: String, roles: [String] = []) -> PulledRow {
        PulledRowFixture.user(id, position: position, roles: roles)
    }

    private func organisationAndLeads() -> [PulledRow] {
        [
            user("u-wang", position: "course_consultant"), user("u-lily", position: "team_lead"),
            user("u-gao", position: "course_consultant", roles: ["role-exporter"]),
            pulled("role", "role-exporter", ["name": .text("导出"), "data_scope": .text("self"), "permissions": .list([.text("lead.export")]),
                                             "status": .text("active")]),
            pulled("lead", "l-1", ["contact_name": .text("王妈妈, 小王"), "mobile": .text("13900001234"), "source_channel": .text("walk_in")]),
            pulled("lead", "l-2", ["contact_name": .text("李 \"老师\""), "wechat_id": .text("li_teacher"), "source_channel": .text("referral")]),
        ]
    }

    private func file() throws -> URL {
        try makeTemporaryDirectory("outpost-export").appendingPathComponent("leads.csv")
    }

    @Test func aTeamLeadExportsWhatTheLaptopHoldsAndTheExportIsAudited() throws {
        let replica = try makeReplica(user: "u-lily")
        try replica.apply(PullPage(rows: organisationAndLeads(), nextCursor: PullCursor(rawValue: "c1.6.6"), hasMore: false))
        let url = try file()
        let summary = try replica.export(lead, fields: [FieldName("contact_name"), FieldName("mobile")], to: url, now: 5_000)
        #expect(summary.rowCount == 2)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == "id,contact_name,mobile\r\nl-1,\"王妈妈, 小王\",13900001234\r\nl-2,\"李 \"\"老师\"\"\",\r\n")
        let audit = try #require(try replica.row(EntityName("audit_log"), id: RowID(summary.auditID)))
        #expect(audit.values[FieldName("action")] == .text("export"))
        #expect(audit.values[FieldName("row_count")] == .integer(2))
        #expect(audit.values[FieldName("fields")] == .list([.text("contact_name"), .text("mobile")]))
        #expect(audit.values[FieldName("actor_id")] == .text("u-lily"))
        #expect(try replica.journalEntries(in: .pending).contains { $0.change.entity == EntityName("audit_log") })
        // Synced to disk before the file appeared (Replica+Durability).
        #expect(try replica.database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM sync_state WHERE key = ?", arguments: [SyncStateKey.durableAt.rawValue])
        } != nil)
    }

    @Test func aSalespersonNeedsARoleThatGrantsLeadExport() throws {
        let wang = try makeReplica(user: "u-wang")
        try wang.apply(PullPage(rows: organisationAndLeads(), nextCursor: PullCursor(rawValue: "c1.6.6"), hasMore: false))
        let url = try file()
        #expect(throws: ReplicaError.self) { try wang.export(lead, to: url) }
        #expect(!FileManager.default.fileExists(atPath: url.path), "nothing written")
        #expect(try wang.journalEntries(in: .pending).isEmpty, "nothing journaled")
        do {
            _ = try wang.export(lead, to: url)
        } catch let error as ReplicaError {
            #expect(error.code == "permission.not_allowed")
        }

        let gao = try makeReplica(user: "u-gao")
        try gao.apply(PullPage(rows: organisationAndLeads(), nextCursor: PullCursor(rawValue: "c1.6.6"), hasMore: false))
        #expect(try gao.export(lead, to: url).rowCount == 2)
    }

    @Test func anUnknownColumnOrAnUnsyncedLaptopExportsNothing() throws {
        let lily = try makeReplica(user: "u-lily")
        #expect(throws: ReplicaError.self) { try lily.export(lead, to: try file()) }   // no user row yet
        try lily.apply(PullPage(rows: organisationAndLeads(), nextCursor: PullCursor(rawValue: "c1.6.6"), hasMore: false))
        let url = try file()
        #expect(throws: ReplicaError.invalidExport(entity: "lead", code: "validation.unknown_field", reason: "lead has no field 'password'.")) {
            try lily.export(lead, fields: [FieldName("password")], to: url)
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        let nowhere = URL(fileURLWithPath: "/nonexistent-outpost-folder/leads.csv")
        #expect(throws: ReplicaError.invalidExport(entity: "lead", code: "export.cannot_write",
                                                   reason: "the folder /nonexistent-outpost-folder does not exist.")) {
            try lily.export(lead, to: nowhere)
        }
        #expect(try lily.journalEntries(in: .pending).isEmpty, "nothing audited for an export that was not made")
    }

    /// `--out` naming the replica file itself (or its log), however spelled, is refused before
    /// anything is written: the laptop's unsent work lives there.
    @Test func anExportOntoTheReplicaFileIsRefusedAndTheReplicaSurvives() throws {
        let folder = try makeTemporaryDirectory("outpost-export-self")
        let replica = try Replica(path: folder.appendingPathComponent("laptop.sqlite").path)
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-lily"), token: "t")
        try replica.apply(PullPage(rows: organisationAndLeads(), nextCursor: PullCursor(rawValue: "c1.6.6"), hasMore: false))
        try replica.update(lead, id: RowID("l-1"), values: [FieldName("remark"): .text("想报周末班")])
        for spelling in ["laptop.sqlite", "./laptop.sqlite", "sub/../laptop.sqlite", "laptop.sqlite-wal"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
            #expect {
                try replica.export(lead, to: URL(fileURLWithPath: folder.path + "/" + spelling))
            } throws: { error in
                (error as? ReplicaError)?.code == "export.target_is_replica"
            }
        }
        #expect(try replica.pendingCount() == 1, "the unsent edit is still there, and no export was audited")
        #expect(try replica.row(lead, id: RowID("l-1"))?.values[FieldName("remark")] == .text("想报周末班"))
    }

    /// A text cell a spreadsheet would run as a formula is written as text; times and stages
    /// as people read them.
    @Test func aValueThatLooksLikeAFormulaIsExportedAsText() throws {
        let replica = try makeReplica(user: "u-lily")
        try replica.apply(PullPage(rows: organisationAndLeads() + [
            pulled("lead", "l-3", ["contact_name": .text("=HYPERLINK(\"http://x\")"), "wechat_id": .text("@parent"),
                                   "source_channel": .text("walk_in"), "status": StageValue(epoch: 0, stage: "qualified").fieldValue,
                                   "next_followup_at": .integer(1_796_601_600_000)]),
        ], nextCursor: PullCursor(rawValue: "c1.7.7"), hasMore: false))
        let url = try file()
        _ = try replica.export(lead, fields: [FieldName("contact_name"), FieldName("wechat_id"), FieldName("status"), FieldName("next_followup_at")],
                               to: url)
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(lines.contains("l-3,\"'=HYPERLINK(\"\"http://x\"\")\",'@parent,qualified,2026-12-07T00:00:00Z"), "\(lines)")
    }

    /// An address reads as its parts with values, the text first, and a tag set as its tags:
    /// not as the JSON that carries them.
    @Test func anAddressAndTagsAreExportedAsPeopleReadThem() throws {
        let replica = try makeReplica(user: "u-lily")
        let tags = ObservedRemoveSet().adding("hot", addID: "t1").adding("周末", addID: "t2")
        try replica.apply(PullPage(rows: organisationAndLeads() + [
            pulled("lead", "l-4", ["contact_name": .text("周妈妈"), "source_channel": .text("walk_in"),
                                   "address": .object(["text": .text("海淀区中关村大街1号"), "district_code": .text("110108")]),
                                   "tags": tags.fieldValue]),
        ], nextCursor: PullCursor(rawValue: "c1.8.8"), hasMore: false))
        let url = try file()
        _ = try replica.export(lead, fields: [FieldName("address"), FieldName("tags")], to: url)
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(lines.contains("l-4,text: 海淀区中关村大街1号; district_code: 110108,hot; 周末"), "\(lines)")
    }
}
