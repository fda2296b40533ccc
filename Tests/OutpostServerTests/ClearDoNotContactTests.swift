import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// `clear_do_not_contact` (DOMAIN §3.3, C20): it lifts the mark, audited with its reason; on a
/// contact that is not marked it changes nothing and says so, rather than a bare "applied"
/// that reads as if it had cleared something (black-box round 15).
@Suite struct ClearDoNotContactTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func clearingAContactThatIsNotMarkedSaysThereWasNothingToClear(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let parent: [String: FieldValue] = ["customer_id": .text("k1"), "name": .text("赵妈妈"), "relation": .text("mother")]
            _ = try await wang.push(wang.create("customer", "k1", ["name": .text("赵家"), "customer_type": .text("family")])
                                        + wang.create("contact", "c-marked", parent.merging(["do_not_contact": .bool(true)]) { $1 })
                                        + wang.create("contact", "c-plain", parent), [], to: store, at: now)
            let answer = try await wang.push([], [wang.command(.clearDoNotContact, "contact", "c-marked", ["reason": .text("家长同意回访")]),
                                                  wang.command(.clearDoNotContact, "contact", "c-plain", ["reason": .text("家长同意回访")])],
                                             to: store, at: now + 1_000)
            #expect(answer.results.map(\.status) == [.applied, .applied])
            #expect(answer.results.first?.message == nil)
            #expect(answer.results.last?.message?.contains("there was nothing to clear") == true)
            let contacts = try await storeRows(store, entity: EntityName("contact"))
            #expect(contacts[RowID("c-marked")]?.values[FieldName("do_not_contact")] == .bool(false))
            let cleared = try await storeRows(store, entity: EntityName("audit_log")).values
                .filter { $0.values[FieldName("reason")] == .text("家长同意回访") }
            #expect(cleared.map { $0.values[FieldName("entity_ids")] } == [.list([.text("c-marked")])], "only the real clear is audited")
            #expect(cleared.first?.values[FieldName("before")] == .text(#"{"do_not_contact":true}"#), "the entry names the field")
            #expect(cleared.first?.values[FieldName("after")] == .text(#"{"do_not_contact":false}"#))

            // A read-write team member without the permission is refused whether or not the
            // contact is marked (round 21): the answer does not tell them which it is.
            _ = try await wang.push([], [wang.command(.share, "customer", "k1", ["member": .text("u-zhao"), "access": .text("read_write")])],
                                    to: store, at: now + 2_000)
            var zhao = Device("z1", DemoUsers.zhao.userID)
            let byMember = try await zhao.push([], [zhao.command(.clearDoNotContact, "contact", "c-plain", ["reason": .text("try")])],
                                               to: store, at: now + 3_000)
            #expect(byMember.results.map(\.code?.rawValue) == ["permission.not_allowed"])
        }
    }
}
