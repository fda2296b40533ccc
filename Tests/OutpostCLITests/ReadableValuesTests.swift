import Foundation
import OutpostCore
import OutpostDomain
import OutpostTestSupport
@testable import outpost
import Testing

/// Values as people read them, wherever the CLI shows them: a lost conflict's times as
/// ISO-8601 and a lead's tags as their names, never the stored milliseconds or the tag set's
/// add ids.
@Suite struct ReadableValuesTests {
    @Test func aLostConflictShowsItsTimesAsDates() async throws {
        try await withRunningServer(.sqlite) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let first = try await OutpostRun.laptop(of: DemoUsers.wang, on: server)
            let added = try await OutpostRun.run(["lead", "add", "--name", "王妈妈", "--mobile", "13712340051"], replica: first)
            let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await OutpostRun.run(["sync"], replica: first).status == 0)
            let second = server.directory.appendingPathComponent("wang-second.sqlite")
            #expect(try await OutpostRun.run(["init", "--server", server.url.absoluteString, "--user", "u-wang",
                                              "--token", DemoUsers.wang.token], replica: second).status == 0)
            #expect(try await OutpostRun.run(["sync"], replica: second).status == 0)

            // Both laptops plan the next call offline; the later write wins, the other is lost.
            let earlier = try await OutpostRun.run(["edit", "lead", id, "next_followup_at=2027-01-05T10:00+08:00"], replica: first)
            #expect(earlier.status == 0, "\(earlier.stderr)")
            let later = try await OutpostRun.run(["edit", "lead", id, "next_followup_at=2027-01-06T10:00+08:00"], replica: second)
            #expect(later.status == 0, "\(later.stderr)")
            #expect(try await OutpostRun.run(["sync"], replica: second).status == 0)
            #expect(try await OutpostRun.run(["sync"], replica: first).status == 0)

            let conflicts = try await OutpostRun.run(["conflicts"], replica: first)
            #expect(conflicts.stdout.contains("2027-01-05T02:00:00") && conflicts.stdout.contains("2027-01-06T02:00:00"), "\(conflicts.stdout)")
            #expect(!conflicts.stdout.contains("1798"), "no raw milliseconds: \(conflicts.stdout)")
        }
    }

    @Test func aLeadsTagsShowAsTheirNames() {
        var state = RowState()
        let clock = HLCTimestamp(wallMilliseconds: 1_788_300_000_000, counter: 0, deviceID: DeviceID("w1"))
        state.values[FieldName("contact_name")] = .text("王妈妈")
        state.stamps[FieldName("contact_name")] = FieldStamp(clock: clock, author: UserID("u-wang"))
        state.values[FieldName("tags")] = ObservedRemoveSet().adding("vip", addID: "a1").adding("钢琴", addID: "a2").fieldValue
        state.stamps[FieldName("tags")] = FieldStamp(clock: clock, author: UserID("u-wang"))
        let text = LeadDetail(id: RowID("l-1"), state: state, followUps: []).rendered()
        #expect(text.contains("vip, 钢琴"), "\(text)")
        #expect(!text.contains("adds"), "\(text)")
    }
}
