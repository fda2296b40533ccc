import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A lead's score counts a two-way contact in the last 7 days: a follow-up logged on
/// it moves the score in the push that brings the follow-up, not at the lead's next edit, and
/// the nightly run takes the contact out again once it is a week old.
@Suite struct LeadScoreFollowUpTests {
    private let now: Int64 = 1_788_300_000_000

    private func score(_ store: any ChangeStore) async throws -> Int64? {
        try await storeRows(store)[RowID("l-1")]?.values[FieldName("score")]?.integerValue
    }

    private func call(_ wang: inout Device, _ id: String, at occurredAt: Int64) -> [PushChange] {
        wang.create("follow_up", id, ["subject_type": .text("lead"), "subject_id": .text("l-1"), "method": .text("phone"),
                                      "content": .text("约了周六试听"), "occurred_at": .integer(occurredAt)])
    }

    /// The demo organisation and Wang's lead `l-1`, never called yet: its score.
    private func leadWithoutContact(by wang: inout Device, in store: any ChangeStore) async throws -> Int64 {
        try await store.seed(try DemoOrganisation.rows(), serverNow: now)
        _ = try await wang.push(wang.create("lead", "l-1", ["contact_name": .text("周妈妈"), "mobile": .text("13912340001"),
                                                            "source_channel": .text("walk_in")]), [], to: store, at: now)
        return try #require(try await score(store))
    }

    @Test(arguments: StoreKind.allCases)
    func aCallLoggedOnTheLeadRaisesItsScoreAtOnce(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var wang = Device("w1", DemoUsers.wang.userID)
            let before = try await leadWithoutContact(by: &wang, in: store)

            let old = try await wang.push(call(&wang, "f-old", at: now - 8 * 86_400_000), [], to: store, at: now + 1_000)
            #expect(old.results.allSatisfy { $0.status == .applied })
            #expect(try await score(store) == before, "a call more than 7 days ago is no recent contact")

            let recent = try await wang.push(call(&wang, "f-new", at: now + 2_000), [], to: store, at: now + 3_000)
            #expect(recent.results.allSatisfy { $0.status == .applied })
            #expect(try await score(store) == before + 10, "a two-way contact in the last 7 days counts 10 (R-3.1)")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theNightlyRunTakesAContactOutOfTheScoreOnceItIsAWeekOld(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var wang = Device("w1", DemoUsers.wang.userID)
            let before = try await leadWithoutContact(by: &wang, in: store)
            _ = try await wang.push(call(&wang, "f-1", at: now + 1_000), [], to: store, at: now + 2_000)
            #expect(try await score(store) == before + 10)

            _ = try await store.runReclaim(serverNow: now + 6 * 86_400_000)
            #expect(try await score(store) == before + 10, "six days on, the call still counts")
            let weekLater = try await store.runReclaim(serverNow: now + 8 * 86_400_000)
            #expect(try await score(store) == before, "eight days on, it is no recent contact (R-3.1)")
            #expect(weekLater.rescoredLeads == 1)
            #expect(try await store.runReclaim(serverNow: now + 9 * 86_400_000).rescoredLeads == 0, "an unchanged score writes nothing")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theNightlyRunScoresTheLeadsASeedFileWrote(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            let seeded = RowID("lead-pool-hd-1")
            #expect(try await storeRows(store)[seeded]?.values[FieldName("score")] ?? .null == .null, "a seed file writes no score")
            let report = try await store.runReclaim(serverNow: now + 1_000)
            #expect(try await storeRows(store)[seeded]?.values[FieldName("score")]?.integerValue != nil)
            #expect(try await storeRows(store)[seeded]?.values[FieldName("grade")]?.textValue != nil)
            #expect(report.rescoredLeads == 2, "the demo organisation's two pool leads")
        }
    }
}
