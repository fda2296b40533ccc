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

    @Test func oneAddressGuessingManyNumbersIsBlockedToo() async throws {
        let limiter = LoginRateLimiter(policy: .init(maximumFailures: 3, windowMilliseconds: 1000))
        for number in 1...3 {
            await limiter.recordFailure(for: ["address:10.0.0.1", "user:u-\(number)"], now: 100)
        }
        #expect(await limiter.retryAfter(for: ["address:10.0.0.1", "user:u-9"], now: 200) == 1)
        #expect(await limiter.retryAfter(for: ["address:10.0.0.2", "user:u-1"], now: 200) == nil)
        #expect(await limiter.retryAfter(for: ["address:10.0.0.1"], now: 1101) == nil)
    }
}
