@testable import OutpostCore
import Testing

@Suite struct HybridLogicalClockTests {
    private let device = DeviceID("w1")

    @Test func ticksStrictlyIncreaseEvenWhenTheWallClockGoesBack() {
        var clock = HybridLogicalClock(deviceID: device)
        var previous = clock.tick(now: 1_000)
        for now in [1_000, 999, 500, 1_000, 1_001, 2] as [Int64] {
            let next = clock.tick(now: now)
            #expect(next > previous)
            previous = next
        }
    }

    @Test func receivingARemoteClockMovesLaterTicksPastIt() {
        var clock = HybridLogicalClock(deviceID: device)
        _ = clock.tick(now: 1_000)
        let remote = HLCTimestamp(wallMilliseconds: 5_000, counter: 7, deviceID: DeviceID("z1"))
        clock.receive(remote)
        let next = clock.tick(now: 1_001)
        #expect(next > remote)
        #expect(next.wallMilliseconds == 5_000)
        #expect(next.counter == 8)
    }

    @Test func resumingAfterASavedReadingNeverRepeatsIt() {
        let saved = HLCTimestamp(wallMilliseconds: 9_000, counter: 3, deviceID: device)
        var clock = HybridLogicalClock(deviceID: device, resumingAfter: saved)
        #expect(clock.tick(now: 100) > saved)
    }

    @Test func orderIsWallThenCounterThenDevice() {
        let a = HLCTimestamp(wallMilliseconds: 1, counter: 9, deviceID: DeviceID("z"))
        let b = HLCTimestamp(wallMilliseconds: 2, counter: 0, deviceID: DeviceID("a"))
        let c = HLCTimestamp(wallMilliseconds: 2, counter: 1, deviceID: DeviceID("a"))
        let d = HLCTimestamp(wallMilliseconds: 2, counter: 1, deviceID: DeviceID("b"))
        #expect([d, c, b, a].sorted() == [a, b, c, d])
    }

    @Test(arguments: ["1764038400000.2@w1-3f2a", "0.0@x", "5.4294967295@device@with@at"])
    func textFormRoundTrips(text: String) throws {
        let clock = try #require(HLCTimestamp(text))
        #expect(clock.description == text)
    }

    @Test(arguments: ["", "12@", "a.1@d", "1.b@d", "1.2", "-5.0@d", "1.2.3@d", "1.99999999999@d"])
    func malformedTextIsNotAClock(text: String) {
        #expect(HLCTimestamp(text) == nil)
    }
}

@Suite struct ClockSkewBudgetTests {
    private let budget = ClockSkewBudget()
    private let serverNow: Int64 = 1_764_000_000_000

    @Test func defaultBudgetIsFiveMinutes() {
        #expect(budget.maximumAheadMilliseconds == 300_000)
    }

    @Test func clocksWithinTheBudgetPassUnchanged() {
        let clock = HLCTimestamp(wallMilliseconds: serverNow + 299_000, counter: 4, deviceID: DeviceID("s1"))
        let verdict = budget.check(clock, serverNow: serverNow)
        #expect(verdict == .init(clock: clock, skewMilliseconds: 299_000, wasClamped: false))
    }

    @Test func clocksBeyondTheBudgetAreClampedAndTheSkewReported() {
        let clock = HLCTimestamp(wallMilliseconds: 1_893_456_000_000, counter: 0, deviceID: DeviceID("s1"))
        let verdict = budget.check(clock, serverNow: serverNow)
        #expect(verdict.wasClamped)
        #expect(verdict.clock == HLCTimestamp(wallMilliseconds: serverNow + 300_000, counter: 0, deviceID: DeviceID("s1")))
        #expect(verdict.skewMilliseconds == 1_893_456_000_000 - serverNow)
    }

    @Test func successiveClampedClocksOfOneDeviceStayDistinctAndOrdered() {
        var previous: HLCTimestamp?
        var seen: [HLCTimestamp] = []
        for offset in [0, 5, 10] as [Int64] {
            let clock = HLCTimestamp(wallMilliseconds: 1_893_456_000_000 + offset, counter: 0, deviceID: DeviceID("s1"))
            let verdict = budget.check(clock, serverNow: serverNow, previous: previous)
            previous = verdict.clock
            seen.append(verdict.clock)
        }
        #expect(seen == seen.sorted())
        #expect(Set(seen).count == 3)
    }

    /// After a clamp the laptop restarts its clock from the server's, so its next write reads
    /// below the clamped one: it is raised above it, or the later write would lose to the
    /// earlier (simulation seed 270). Another device's reading is its own business.
    @Test func aDevicesLaterReadingBelowItsClampedOneIsRaisedAboveIt() {
        let clamped = budget.check(HLCTimestamp(wallMilliseconds: serverNow + 86_400_000, counter: 0, deviceID: DeviceID("s1")),
                                   serverNow: serverNow).clock
        let restarted = HLCTimestamp(wallMilliseconds: serverNow + 1_000, counter: 0, deviceID: DeviceID("s1"))
        let verdict = budget.check(restarted, serverNow: serverNow + 2_000, previous: clamped)
        #expect(verdict.wasClamped)
        #expect(verdict.clock == clamped.successor(on: DeviceID("s1")))
        #expect(verdict.clock > clamped)
        let later = HLCTimestamp(wallMilliseconds: serverNow + 400_000, counter: 0, deviceID: DeviceID("s1"))
        #expect(budget.check(later, serverNow: serverNow + 200_000, previous: clamped) == .init(clock: later, skewMilliseconds: 200_000, wasClamped: false),
                "a reading past the clamped one stays as it is")
    }
}

@Suite struct HostileClockTests {
    @Test func aRemoteClockWithTheLargestCounterDoesNotOverflowTheNextTick() {
        var clock = HybridLogicalClock(deviceID: DeviceID("w1"))
        let hostile = HLCTimestamp(wallMilliseconds: 5_000, counter: .max, deviceID: DeviceID("evil"))
        clock.receive(hostile)
        let next = clock.tick(now: 1_000)
        #expect(next > hostile)
        #expect(next == HLCTimestamp(wallMilliseconds: 5_001, counter: 0, deviceID: DeviceID("w1")))
    }

    @Test func clampingAfterAFullCounterMovesToTheNextMillisecond() {
        let previous = HLCTimestamp(wallMilliseconds: 1_300, counter: .max, deviceID: DeviceID("s1"))
        let verdict = ClockSkewBudget(maximumAheadMilliseconds: 300).check(
            HLCTimestamp(wallMilliseconds: 9_999_999, counter: 0, deviceID: DeviceID("s1")), serverNow: 1_000, previous: previous)
        #expect(verdict.clock > previous)
    }
}
