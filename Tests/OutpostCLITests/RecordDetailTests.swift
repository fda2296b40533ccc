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
}
