import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// `void_checkin` and `redact` (DOMAIN §1.8, §1.10, §2.9 "Void check-in / redact follow-up":
/// branch managers and head office, audited): the evidence stays, a voided check-in counts for
/// nothing, a redacted follow-up says nothing any more; salespeople and team leads are refused.
@Suite struct VoidAndRedactTests {
    private let d1 = try! Scenario.instant("D1 10:00")
    private let d8 = try! Scenario.instant("D8 15:00")
    private let d9Midnight = try! Scenario.instant("D9 00:00")

    private func arrival(_ device: inout Device, _ id: String, on lead: String) -> [PushChange] {
        device.create("check_in", id, [
            "kind": .text("arrive"), "subject_type": .text("lead"), "subject_id": .text(lead), "subject_name_snapshot": .text("王妈妈"),
            "location_status": .text("unavailable"), "device_time": .integer(d8), "occurred_at": .integer(d8),
        ])
    }

    private func audits(_ store: any ChangeStore, action: String) async throws -> [RowState] {
        try await storeRows(store, entity: EntityName("audit_log")).values.filter { $0.values[FieldName("action")] == .text(action) }
    }

    @Test(arguments: StoreKind.allCases)
    func onlyABranchManagerVoidsACheckInAndAVoidedArrivalKeepsNoLeadFromReclaim(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let counting = SeedRow(entity: .init("pool_rule"), id: RowID("rule-hd-no-followup"), values: ["checkin_counts_as_followup": .bool(true)])
            try await store.seed(try DemoOrganisation.rows() + [counting, PoolFixture.ownedLead("l2", lastFollowUp: d1)], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(arrival(&wang, "ci2", on: "l2"), [], to: store, at: d8)

            for (user, device) in [(DemoUsers.wang, "w1b"), (DemoUsers.lily, "l1")] {
                var someone = Device(device, user.userID)
                let refused = try await someone.push([], [someone.command(.voidCheckIn, "check_in", "ci2", ["reason": .text("wrong school")])],
                                                     to: store, at: d8)
                #expect(refused.results.first?.code?.rawValue == "permission.not_allowed", "\(user.userID)")
                let message = refused.results.first?.message ?? ""
                #expect(message.contains("(branch managers and head office hold it") && message.contains("ask your branch manager"), "\(message)")
            }
            var chen = Device("c1", DemoUsers.chen.userID)
            let noReason = try await chen.push([], [chen.command(.voidCheckIn, "check_in", "ci2")], to: store, at: d8)
            #expect(noReason.results.first?.code?.rawValue == "command.missing_argument")
            let voided = try await chen.push([], [chen.command(.voidCheckIn, "check_in", "ci2", ["reason": .text("checked in at the wrong school")])],
                                             to: store, at: d8 + 60_000)
            #expect(voided.results.map(\.status) == [.applied])
            let checkIn = try #require(try await storeRows(store, entity: EntityName("check_in"))[RowID("ci2")])
            #expect(checkIn.values[FieldName("voided_at")] == .integer(d8 + 60_000))
            #expect(checkIn.values[FieldName("kind")] == .text("arrive"), "the evidence stays")
            let audit = try #require(try await audits(store, action: "void_checkin").first)
            #expect(audit.values[FieldName("actor_id")] == .text("u-chen"))
            #expect(audit.values[FieldName("reason")] == .text("checked in at the wrong school"))

            let again = try await chen.push([], [chen.command(.voidCheckIn, "check_in", "ci2", ["reason": .text("again")])], to: store, at: d8 + 120_000)
            #expect(again.results.first?.message?.contains("already voided") == true)
            #expect(try await audits(store, action: "void_checkin").count == 1)
            // Without the void, Wang's arrival would have kept l2 (R-6.6 with the rule's switch on).
            #expect(try await store.runReclaim(serverNow: d9Midnight).moves.map(\.id) == [RowID("l2")])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aRedactedFollowUpKeepsItsRecordButNotItsContentAndTheAuditKeepsNoContent(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [PoolFixture.ownedLead("l2", lastFollowUp: d1)], serverNow: d1)
            var wang = Device("w1", DemoUsers.wang.userID)
            let secret = "妈妈说孩子有多动症, 电话 13900001234"
            _ = try await wang.push(wang.create("follow_up", "f1", [
                "subject_type": .text("lead"), "subject_id": .text("l2"), "method": .text("phone"), "content": .text(secret),
                "occurred_at": .integer(d8), "attachment_refs": .list([.text("photo-1")]),
            ]), [], to: store, at: d8)

            var lily = Device("l1", DemoUsers.lily.userID)
            let byLead = try await lily.push([], [lily.command(.redact, "follow_up", "f1", ["reason": .text("parent asked")])], to: store, at: d8)
            #expect(byLead.results.first?.code?.rawValue == "permission.not_allowed")

            var chen = Device("c1", DemoUsers.chen.userID)
            let redacted = try await chen.push([], [chen.command(.redact, "follow_up", "f1", ["reason": .text("parent asked")])], to: store, at: d8)
            #expect(redacted.results.map(\.status) == [.applied])
            // What the author's laptop pulls.
            let followUp = try #require(try await storeRows(store, entity: EntityName("follow_up"), as: DemoUsers.wang.userID)[RowID("f1")])
            #expect(followUp.values[FieldName("redacted")] == .bool(true))
            #expect(followUp.values[FieldName("content")]?.textValue?.contains("13900001234") == false)
            #expect(followUp.values[FieldName("attachment_refs")] == nil || followUp.values[FieldName("attachment_refs")] == .null)
            #expect(followUp.values[FieldName("method")] == .text("phone"))
            let audit = try #require(try await audits(store, action: "redact").first)
            #expect(audit.values[FieldName("reason")] == .text("parent asked"))
            #expect(!audit.values.values.contains { $0.textValue?.contains("13900001234") == true })
        }
    }
}
