import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// against a real store (both kinds): an attended trial class moves the family's open
/// opportunity for that student to at least intent confirmed, with its stage history, and
/// counts as a follow-up of the customer; an opportunity further on, closed, or for another
/// student is left alone, and a no-show does neither.
@Suite struct TrialAttendanceTests {
    private let now = AppointmentFixture.now

    private func opportunity(_ device: inout Device, _ id: String, stage: String, student: String?, outcome: String = "open") -> [PushChange] {
        var values: [String: FieldValue] = ["customer_id": .text("k1"), "name": .text("编程课 \(id)"), "outcome": .text(outcome),
                                            "stage": StageValue(epoch: 0, stage: stage).fieldValue]
        if let student { values["student_id"] = .text(student) }
        return device.create("opportunity", id, values)
    }

    private func stage(_ id: String, in store: any ChangeStore) async throws -> String? {
        StageValue(try await storeRows(store, entity: EntityName("opportunity"))[RowID(id)]?.values[FieldName("stage")] ?? .null)?.stage
    }

    @Test(arguments: StoreKind.allCases)
    func anAttendedTrialConfirmsTheStudentsOpportunityAndCountsAsAFollowUp(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let created = try await wang.push(AppointmentFixture.family(&wang)
                                                + wang.create("student", "st2", ["customer_id": .text("k1"), "name": .text("小红")])
                                                + opportunity(&wang, "o-mine", stage: "initial_contact", student: "st1")
                                                + opportunity(&wang, "o-family", stage: "initial_contact", student: nil)
                                                + opportunity(&wang, "o-sister", stage: "initial_contact", student: "st2")
                                                + opportunity(&wang, "o-further", stage: "negotiation", student: "st1")
                                                + AppointmentFixture.appointment(&wang, "a1") + AppointmentFixture.appointment(&wang, "a2"),
                                              [], to: store, at: now)
            #expect(created.results.allSatisfy { $0.status == .applied }, "\(created.results.filter { $0.status != .applied })")

            let after = AppointmentFixture.start + 600_000
            let noShow = try await wang.push([wang.change("appointment", "a2", "status", .text("no_show"), at: after)], [], to: store, at: after)
            #expect(noShow.results.map(\.status) == [.applied])
            #expect(try await stage("o-mine", in: store) == "initial_contact", "a no-show confirms nothing")

            let attended = try await wang.push([wang.change("appointment", "a1", "status", .text("attended"), at: after + 1000)], [],
                                               to: store, at: after + 1000)
            #expect(attended.results.map(\.status) == [.applied])
            #expect(try await stage("o-mine", in: store) == "intent_confirmed")
            #expect(try await stage("o-family", in: store) == "intent_confirmed", "an opportunity for no student in particular moves too")
            #expect(try await stage("o-sister", in: store) == "initial_contact", "another student's opportunity stays")
            #expect(try await stage("o-further", in: store) == "negotiation", "never backwards")
            let history = try await storeRows(store, entity: EntityName("opportunity_stage_change")).values
                .filter { $0.values[FieldName("opportunity_id")] == .text("o-mine") && $0.values[FieldName("to_stage")] == .text("intent_confirmed") }
            #expect(history.count == 1)
            #expect(history.first?.values[FieldName("from_stage")] == .text("initial_contact"))
            let audited = try await storeRows(store, entity: EntityName("audit_log")).values
                .filter { $0.values[FieldName("entity_ids")] == .list([.text("o-mine")]) && $0.values[FieldName("action")] == .text("field_change") }
            #expect(audited.count == 1, "the server's own stage move is audited too (R-10.1)")
            #expect(audited.first?.values[FieldName("after")]?.textValue?.contains("intent_confirmed") == true)
            let customer = try #require(try await storeRows(store, entity: EntityName("customer"))[RowID("k1")])
            #expect(customer.values[FieldName("last_followup_at")] == .integer(after + 1000), "R-6.6: the attendance counts as a follow-up")
        }
    }
}
