import OutpostCore
import OutpostDomain
@testable import outpost
import Testing

/// `outpost lead show` says what state the lead is in, and it agrees with its tombstone: a
/// lead deleted is `deleted` (restore brings it back); a lead whose delete a later edit
/// overtook (on this laptop, until the server answers, spec §9.6) says so instead of a bare
/// `live` beside `deleted true`.
@Suite struct LeadDetailStateTests {
    private let delete = HLCTimestamp(wallMilliseconds: 1_788_300_000_000, counter: 0, deviceID: DeviceID("c1"))

    @Test func aDeletedLeadSaysDeleted() {
        let text = LeadDetail(id: RowID("l-1"), state: lead(remarkAt: delete.wallMilliseconds - 1), followUps: []).rendered()
        #expect(text.contains("state: deleted (bring it back with `outpost lead restore l-1`)"), "\(text)")
    }

    @Test func aLeadALaterEditBroughtBackSaysWhoDeletedIt() {
        let text = LeadDetail(id: RowID("l-1"), state: lead(remarkAt: delete.wallMilliseconds + 1), followUps: []).rendered()
        #expect(text.contains("state: live (deleted by u-chen, then brought back by a later edit)"), "\(text)")
    }

    /// A lead that Chen deleted, with a remark written at `remarkAt`.
    private func lead(remarkAt wall: Int64) -> RowState {
        var state = RowState()
        state.values[FieldName("contact_name")] = .text("测试")
        state.stamps[FieldName("contact_name")] = FieldStamp(clock: HLCTimestamp(wallMilliseconds: wall - 10, counter: 0, deviceID: DeviceID("w1")),
                                                           author: UserID("u-wang"))
        state.values[FieldName("remark")] = .text("later")
        state.stamps[FieldName("remark")] = FieldStamp(clock: HLCTimestamp(wallMilliseconds: wall, counter: 0, deviceID: DeviceID("w1")),
                                                     author: UserID("u-wang"))
        state.values[.deleted] = .bool(true)
        state.stamps[.deleted] = FieldStamp(clock: delete, author: UserID("u-chen"))
        return state
    }
}
