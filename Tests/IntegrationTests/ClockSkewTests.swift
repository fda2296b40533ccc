import Foundation
import OutpostCore
import OutpostReplica
import OutpostTestSupport
import Testing

/// A laptop whose clock is years ahead cannot win every conflict (issue test 6, DOMAIN C15).
@Suite struct ClockSkewTests {
    private let year2030: Int64 = 1_893_456_000_000   // 2030-01-01T00:00:00Z

    @Test(arguments: StoreKind.allCases)
    func aLaptopSetYearsAheadIsClampedRecordedAndLosesToLaterRealTimeWrites(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let serverStart = server.clock.now
            let budget: Int64 = 5 * 60 * 1000
            let s1 = try Laptop("s1", user: DemoUsers.sun, server: server, clock: ManualClock(year2030))
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)

            let id = try s1.addLead(["contact_name": "赵妈妈", "remark": "written in 2030"])
            let report = try await s1.sync()
            #expect(report.applied == 5)   // contact_name, remark, source_channel, telephone, created_at

            // Clamped on the server to server time + budget; the laptop adopts the stored clocks.
            let serverRow = try #require(try await serverState(server, id))
            for stamp in serverRow.stamps.byField.values {
                #expect(stamp.clock.wallMilliseconds <= serverStart + budget)
            }
            let localRow = try #require(try s1.lead(id))
            #expect(localRow.stamps.byField.mapValues(\.clock) == serverRow.stamps.byField.mapValues(\.clock))
            // created_at is a clock reading too: clamped like the clocks, on both sides.
            let createdAt = try #require(serverRow.values[FieldName("created_at")]?.integerValue)
            #expect(createdAt <= serverStart + budget + 1000 && createdAt >= serverStart)
            #expect(localRow.values[FieldName("created_at")] == .integer(createdAt))

            // The skew is recorded, on the server and on the laptop.
            let settings = try s1.replica.settings()
            let clockReport = try #require(try await server.store.clockReport(for: settings.deviceID))
            #expect(clockReport.clampedWrites == 5)
            #expect(clockReport.largestPushSkewMilliseconds >= year2030 - serverStart - 1000)
            #expect(clockReport.handshakeSkewMilliseconds >= year2030 - serverStart - 1000)
            #expect(try s1.replica.status().serverClockOffsetMilliseconds ?? 0 <= -(year2030 - serverStart - 1000))

            // After the clamp window, Wang's real-time edit wins over the 2030 write.
            try await w1.sync()
            server.clock.advance(by: 2 * budget)
            w1.clock.advance(by: 2 * budget)
            try w1.editLead(id, ["remark": "corrected by Wang"])
            try await w1.sync()
            try await s1.sync()
            #expect(try s1.lead(id)?.values[FieldName("remark")] == .text("corrected by Wang"))
            #expect(try await serverState(server, id)?.values[FieldName("remark")] == .text("corrected by Wang"))

            // Sun's later edits use server-aligned time: no more clamping.
            server.clock.advance(by: 60_000)
            s1.clock.advance(by: 60_000)
            try s1.editLead(id, ["intent_level": "C"])
            try await s1.sync()
            #expect(try await server.store.clockReport(for: settings.deviceID)?.clampedWrites == 5)
            try await w1.sync()
            try await expectConverged([w1, s1], server: server)
        }
    }

    /// A server whose clock ran eight days fast, then was set right (black-box round 30): a
    /// laptop that pulled a write made in the fast time carries its clock past it, and its next
    /// edit orders after that write and wins (DOMAIN §3.1), instead of being clamped beneath it.
    /// A laptop whose own clock runs fast is still held to the server's latest reading.
    @Test(arguments: StoreKind.allCases)
    func anEditAfterTheServersClockWasSetRightOrdersAfterWhatItsLaptopSaw(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let realNow = server.clock.now
            let eightDays: Int64 = 8 * 24 * 3_600_000
            server.clock.advance(by: eightDays)
            let fast = try Laptop("w-fast", user: DemoUsers.wang, server: server)   // on the server's (fast) time
            let id = try fast.addLead(["contact_name": "钱妈妈", "remark": "written in the fast days"])
            try await fast.sync()

            server.clock.set(to: realNow + 60_000)
            let laptop = try Laptop("w-real", user: DemoUsers.wang, server: server, clock: ManualClock(realNow + 60_000))
            try await laptop.sync()
            try laptop.editLead(id, ["remark": "after the server's clock was set right"])
            let report = try await laptop.sync()
            #expect(report.applied == 1 && report.superseded == 0, "\(report)")
            #expect(try await serverState(server, id)?.values[FieldName("remark")] == .text("after the server's clock was set right"))
            try await fast.sync()
            try await expectConverged([fast, laptop], server: server)

            // A laptop set eight days ahead of the corrected server gets no further than its latest reading.
            let ahead = try Laptop("z-ahead", user: DemoUsers.zhao, server: server, clock: ManualClock(realNow + 2 * eightDays))
            let other = try ahead.addLead(["contact_name": "孙爸爸"])
            try await ahead.sync()
            let stored = try #require(try await serverState(server, other))
            let budget: Int64 = 5 * 60 * 1000
            for stamp in stored.stamps.byField.values {
                #expect(stamp.clock.wallMilliseconds <= realNow + eightDays + budget + 1000)
            }
        }
    }

    /// A follow-up and a check-in from a laptop set to 2030 are kept, with `occurred_at`
    /// clamped to receipt plus the skew budget (DOMAIN §1.8, C15): neither heads a timeline
    /// for years. Both keep the laptop's reading in `device_time`.
    @Test(arguments: StoreKind.allCases)
    func aFollowUpAndACheckInFromALaptopYearsAheadHappenedNoLaterThanTheBudgetAllows(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let serverStart = server.clock.now
            let budget: Int64 = 5 * 60 * 1000
            let s1 = try Laptop("s1", user: DemoUsers.sun, server: server, clock: ManualClock(year2030))
            let lead = try s1.addLead(["contact_name": "赵妈妈"])
            let followUp = try s1.replica.create(EntityName("follow_up"), values: [
                FieldName("subject_type"): .text("lead"), FieldName("subject_id"): .text(lead.rawValue),
                FieldName("author_id"): .text(DemoUsers.sun.userID.rawValue), FieldName("method"): .text("phone"),
                FieldName("content"): .text("约了周六"), FieldName("occurred_at"): .integer(year2030),
            ], now: year2030)
            let checkIn = try s1.replica.create(EntityName("check_in"), values: [
                FieldName("kind"): .text("ad_hoc"), FieldName("location_status"): .text("unavailable"),
                FieldName("user_id"): .text(DemoUsers.sun.userID.rawValue),
                FieldName("device_time"): .integer(year2030), FieldName("occurred_at"): .integer(year2030),
            ], now: year2030)
            try await s1.sync()

            let storedFollowUp = try #require(try await serverState(server, followUp, entity: EntityName("follow_up")))
            #expect(storedFollowUp.values[FieldName("occurred_at")] == .integer(serverStart + budget))
            #expect(storedFollowUp.values[FieldName("flags")] == .list([.text("clock_skew")]), "and flagged, as a check-in is")
            #expect(storedFollowUp.values[FieldName("device_time")] == .integer(year2030),
                    "the laptop's reading is kept verbatim (R-1.8), though it sent no device_time")
            let storedCheckIn = try #require(try await serverState(server, checkIn, entity: EntityName("check_in")))
            #expect(storedCheckIn.values[FieldName("occurred_at")] == .integer(serverStart + budget))
            #expect(storedCheckIn.values[FieldName("device_time")] == .integer(year2030))
            try await s1.sync()
            #expect(try s1.replica.row(EntityName("follow_up"), id: followUp)?.values[FieldName("occurred_at")] == .integer(serverStart + budget))
            try await expectConvergedInScope([s1], server: server)
        }
    }
}
