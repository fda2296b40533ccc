import OutpostCore
import OutpostDomain
@testable import OutpostServer
import Testing

/// A lead as it stood at an instant (R-8.4 "write access at `occurred_at`"): its owner from
/// the first ownership event after the instant, its team members from the shares in force then.
@Suite struct SubjectHistoryTests {
    private let lead = OutpostSchema.current.entity(EntityName("lead"))
    private let noon: Int64 = 1_788_300_000_000

    private func row(_ values: [String: FieldValue], writtenAt: Int64 = 0) -> RowState {
        var row = RowState()
        for (field, value) in values {
            row.values[FieldName(field)] = value
            row.stamps[FieldName(field)] = FieldStamp(clock: HLCTimestamp(wallMilliseconds: writtenAt, counter: 0, deviceID: .server),
                                                      author: .system)
        }
        return row
    }

    private func transfer(from: String?, to: String?, at time: Int64) -> (id: RowID, row: RowState) {
        (RowID("e-\(time)"), row(["from_owner_id": from.map(FieldValue.text) ?? .null, "to_owner_id": to.map(FieldValue.text) ?? .null,
                                  "server_time": .integer(time)]))
    }

    private func share(_ member: String, _ access: String, from start: Int64, endedAt: Int64? = nil) -> RowState {
        row(["member_id": .text(member), "access": .text(access), "ended_at": endedAt.map(FieldValue.integer) ?? .null], writtenAt: start)
    }

    @Test func theOwnerAtAnInstantIsTheOneTheNextOwnershipEventTookItFrom() {
        let now = row(["owner_id": .text("u-chen"), "pool_state": .text("private")])
        let events = [transfer(from: "u-wang", to: nil, at: noon + 2), transfer(from: nil, to: "u-zhao", at: noon + 4),
                      transfer(from: "u-zhao", to: "u-chen", at: noon + 6)]
        func owner(at instant: Int64) -> (FieldValue?, String?) {
            let past = SubjectHistory.row(now, of: lead, at: instant, events: events, shares: [])
            return (past.values[FieldName("owner_id")], past.values[FieldName("pool_state")]?.textValue)
        }
        #expect(owner(at: noon + 1) == (.text("u-wang"), "private"))
        #expect(owner(at: noon + 3) == (.null, "public"), "between the release and the claim it was in the pool")
        #expect(owner(at: noon + 5) == (.text("u-zhao"), "private"))
        #expect(owner(at: noon + 7) == (.text("u-chen"), "private"), "no later event: as it is now")
    }

    @Test func aShareCountsFromItsCreationUntilItEnded() {
        let now = row(["owner_id": .text("u-wang"), "pool_state": .text("private")])
        let shares = [share("u-zhao", "read_write", from: noon, endedAt: noon + 10), share("u-sun", "read", from: noon + 5)]
        func members(at instant: Int64) -> [FieldValue?] {
            let past = SubjectHistory.row(now, of: lead, at: instant, events: [], shares: shares)
            return [past.values[FieldName("rw_member_ids")], past.values[FieldName("ro_member_ids")]]
        }
        #expect(members(at: noon - 1) == [.list([]), .list([])], "before the share was made")
        #expect(members(at: noon + 5) == [.list([.text("u-zhao")]), .list([.text("u-sun")])])
        #expect(members(at: noon + 10) == [.list([]), .list([.text("u-sun")])], "ended")
    }
}
