@testable import OutpostServer
import Testing

/// Where each run of a store starts numbering (`RestoreGap.nextRunStart`): by the clock, so two
/// runs from the same restored state never share numbers, and restarts never push the numbers
/// ahead of the clock.
@Suite struct RestoreGapTests {
    private let now: Int64 = 1_796_000_000_000

    @Test func aRunStartsAtTheClocksNumberPastEverythingAnEarlierRunCanHaveReached() {
        let head: Int64 = 1_234
        let first = RestoreGap.nextRunStart(head: head, nowMilliseconds: now)
        #expect(first == now * RestoreGap.positionsPerMillisecond)
        // The first run hands out numbers for a minute at a high rate; a second run from the
        // same restored head a minute later starts past all of them.
        let handedOutByFirst = first + 60_000 * 1_000
        let second = RestoreGap.nextRunStart(head: head, nowMilliseconds: now + 60_000)
        #expect(second > handedOutByFirst)
    }

    @Test func aRestartDoesNotPushTheNumbersAheadOfTheClock() {
        var head = RestoreGap.nextRunStart(head: 0, nowMilliseconds: now)
        for restart in 1...100 {
            head = RestoreGap.nextRunStart(head: head + 10, nowMilliseconds: now + Int64(restart) * 1_000)
        }
        #expect(head == (now + 100_000) * RestoreGap.positionsPerMillisecond)
    }

    @Test func aClockThatWentBackStillJumpsPastTheHead() {
        let head = (now + 3_600_000) * RestoreGap.positionsPerMillisecond
        #expect(RestoreGap.nextRunStart(head: head, nowMilliseconds: now) == head + RestoreGap.width)
    }
}
