import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OutpostCore
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// Failed logins are limited per user and per client address (`auth.rate_limited`).
@Suite struct LoginRateLimitTests {
    @Test func fiveFailuresBlockTheUserWithRetryAfterEvenForTheRightPassword() async throws {
        try await withRunningServer(.sqlite, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            for _ in 1...5 {
                #expect(try await Identity.login(server, mobile: "13800000001", password: "wrong-password", device: "d").status == 401)
            }
            var request = URLRequest(url: URL(string: "v1/login", relativeTo: server.url)!)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try WireCoding.makeEncoder().encode(LoginRequest(mobile: "13800000001", password: Identity.password, deviceID: DeviceID("d")))
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 429)
            #expect(try WireCoding.decode(ProblemDetails.self, from: data).code == .rateLimited)
            let retryAfter = try #require(http.value(forHTTPHeaderField: "Retry-After").flatMap(Int.init))
            #expect((1...900).contains(retryAfter))

            // The window passes: the right password works again.
            server.clock.advance(by: 15 * 60_000 + 1)
            #expect(try await Identity.login(server, mobile: "13800000001", device: "d").status == 200)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func oneAddressGuessingManyNumbersIsBlockedToo(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let limiter = LoginRateLimiter(policy: .init(maximumFailures: 3, windowMilliseconds: 1000), store: store)
            for number in 1...3 {
                try await limiter.recordFailure(for: ["address:10.0.0.1", "user:u-\(number)"], now: 100)
            }
            #expect(try await limiter.retryAfter(for: ["address:10.0.0.1", "user:u-9"], now: 200) == 1)
            #expect(try await limiter.retryAfter(for: ["address:10.0.0.2", "user:u-1"], now: 200) == nil)
            #expect(try await limiter.retryAfter(for: ["address:10.0.0.1"], now: 1101) == nil)
            // A user who signs in starts again; the address keeps its count.
            try await limiter.recordFailure(for: ["user:u-1"], now: 300)
            try await limiter.recordFailure(for: ["user:u-1"], now: 400)
            #expect(try await limiter.retryAfter(for: ["user:u-1"], now: 500) == 1)
            try await limiter.forget("user:u-1")
            #expect(try await limiter.retryAfter(for: ["user:u-1"], now: 500) == nil)
            #expect(try await limiter.retryAfter(for: ["address:10.0.0.1"], now: 500) == 1)
        }
    }

    /// Several server processes on one database count the same failures (spec §15.1: "5
    /// failures within 15 minutes for this user or from this address"), and a restarted
    /// process forgets none: a guesser behind a load balancer gets 5 tries in all.
    @Test func failuresCountedByOneProcessBlockTheOthers() async throws {
        try await withPostgresStores(2) { stores in
            let policy = LoginRateLimiter.Policy()
            let first = LoginRateLimiter(policy: policy, store: stores[0])
            let second = LoginRateLimiter(policy: policy, store: stores[1])
            let keys = ["address:10.0.0.1", "user:u-wang"]
            for attempt in 0..<4 {
                try await (attempt.isMultiple(of: 2) ? first : second).recordFailure(for: keys, now: 1_000 + Int64(attempt))
            }
            #expect(try await second.retryAfter(for: keys, now: 2_000) == nil)
            try await first.recordFailure(for: keys, now: 1_004)
            #expect(try await second.retryAfter(for: ["user:u-wang"], now: 2_000) == 15 * 60 - 1)
            #expect(try await LoginRateLimiter(policy: policy, store: stores[1]).retryAfter(for: ["address:10.0.0.1"], now: 2_000) != nil)
        }
    }
}
