import OutpostCore
import OutpostDomain
@testable import outpost
import Testing

/// `outpost show` shows every field, the envelope ones too (`created_by`, `merged_into_id`,
/// `deleted`), and says where a merged row went.
@Suite struct RecordDetailTests {
    @Test func aMergedRowSaysWhichRowItWasMergedInto() throws {
        let lead = try #require(OutpostSchema.current.entity(EntityName("lead")))
        let clock = HLCTimestamp(wallMilliseconds: 1_788_300_000_000, counter: 1, deviceID: .server)
        var state = RowState()
        for (field, value) in [("contact_name", FieldValue.text("王女士")), ("merged_into_id", .text("l-head")), ("deleted", .bool(true)),
                               ("created_by", .text("u-zhao"))] {
            state.values[FieldName(field)] = value
            state.stamps[FieldName(field)] = FieldStamp(clock: clock, author: .system)
        }
        let detail = RecordDetail(entity: lead, id: RowID("l-tail"), state: state)
        #expect(detail.fields.suffix(3).map(\.field) == ["created_by", "merged_into_id", "deleted"])
        #expect(detail.fields.first { $0.field == "merged_into_id" }?.value == .text("l-head"))
        let text = detail.rendered(types: lead)
        #expect(text.contains("state: deleted, merged into l-head (outpost show lead l-head)"))
        #expect(text.contains("merged_into_id"))
    }

    /// A customer shows its follow-ups and those of the lead it was converted from (R-14.3;
    /// round 33: `outpost show customer` showed none).
    @Test func aCustomerShowsItsOwnFollowUpsAndItsLeads() throws {
        let customer = try #require(OutpostSchema.current.entity(EntityName("customer")))
        let clock = HLCTimestamp(wallMilliseconds: 1_788_300_000_000, counter: 1, deviceID: .server)
        func row(_ values: [String: FieldValue]) -> RowState {
            var state = RowState()
            for (field, value) in values {
                state.values[FieldName(field)] = value
                state.stamps[FieldName(field)] = FieldStamp(clock: clock, author: UserID("u-wang"))
            }
            return state
        }
        let followUps: [(id: RowID, state: RowState)] = [
            (RowID("f-lead"), row(["subject_type": .text("lead"), "subject_id": .text("l1"), "method": .text("phone"),
                                   "content": .text("约试听"), "occurred_at": .integer(1_788_300_000_000)])),
            (RowID("f-customer"), row(["subject_type": .text("customer"), "subject_id": .text("k1"), "method": .text("visit"),
                                       "content": .text("签约"), "occurred_at": .integer(1_788_400_000_000)])),
            (RowID("f-other"), row(["subject_type": .text("lead"), "subject_id": .text("l2"), "method": .text("phone"),
                                    "content": .text("别人"), "occurred_at": .integer(1_788_350_000_000)])),
        ]
        let shown = FollowUpSummary.all(about: [(EntityName("customer"), RowID("k1")), (EntityName("lead"), RowID("l1"))], in: followUps)
        #expect(shown.map(\.id) == ["f-lead", "f-customer"], "oldest first, the lead's included")
        let detail = RecordDetail(entity: customer, id: RowID("k1"), state: row(["name": .text("王家")]), followUps: shown)
        let text = detail.rendered(types: customer)
        #expect(text.contains("follow-ups (2)") && text.contains("约试听") && text.contains("签约") && !text.contains("别人"))
        #expect(!RecordDetail(entity: customer, id: RowID("k1"), state: row([:])).rendered(types: customer).contains("follow-ups"),
                "an entity without follow-ups shows no such section")
    }
}
