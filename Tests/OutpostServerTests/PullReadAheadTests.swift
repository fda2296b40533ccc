import OutpostCore
import OutpostProtocol
@testable import OutpostServer
import Testing

/// A page read ahead goes once to the request it was read for, and never waits for ever.
@Suite struct PullReadAheadTests {
    private let key = PullReadAhead.Key(reader: UserID("u-wang"), cursor: PullCursor(rawValue: "c1.2.0"), limit: 2, layout: .compact)
    private let page = EncodedPullPage(body: Array(#"{"hasMore":true}"#.utf8),
                                       end: NextPageHeaders(nextCursor: PullCursor(rawValue: "c1.4.0"), hasMore: true))

    @Test func aPageReadAheadGoesOnceToTheSameReaderCursorLimitAndLayout() async throws {
        let readAhead = PullReadAhead()
        let page = page
        await readAhead.start(key) { page }
        var other = key
        other.reader = UserID("u-zhao")
        #expect(await readAhead.take(other) == nil)
        other = key
        other.cursor = PullCursor(rawValue: "c1.3.0")
        #expect(await readAhead.take(other) == nil)
        other = key
        other.limit = 3
        #expect(await readAhead.take(other) == nil)
        other = key
        other.layout = .plain
        #expect(await readAhead.take(other) == nil)
        let read = try #require(await readAhead.take(key))
        #expect(try await read.value == page)
        #expect(await readAhead.take(key) == nil)
        #expect(await readAhead.pendingCount == 0)
    }

    @Test func aPageNobodyAsksForInTimeIsLetGo() async throws {
        let readAhead = PullReadAhead(maximumAge: .milliseconds(20))
        let page = page
        await readAhead.start(key) { page }
        #expect(await readAhead.pendingCount == 1)
        // Let go on its own, without another request (bounded wait).
        for _ in 0..<200 where await readAhead.pendingCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await readAhead.pendingCount == 0)
        #expect(await readAhead.take(key) == nil)
    }

    @Test func noMoreThanCapacityReadsArePending() async throws {
        let readAhead = PullReadAhead(capacity: 1)
        let page = page
        await readAhead.start(key) { page }
        var other = key
        other.reader = UserID("u-zhao")
        await readAhead.start(other) { page }
        #expect(await readAhead.pendingCount == 1)
        #expect(await readAhead.take(other) == nil)
        #expect(await readAhead.take(key) != nil)
    }
}
