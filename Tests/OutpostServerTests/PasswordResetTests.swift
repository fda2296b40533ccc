import OutpostCore
import OutpostDomain
import OutpostServer
import OutpostTestSupport
import Testing

/// `users passwd` signs the user out on every device (a reset after a lost laptop or a leak):
/// each token stops working, and a colleague's stays; `--keep-sessions` keeps them.
@Suite struct PasswordResetTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func aNewPasswordEndsEverySessionOfItsUserUnlessKept(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            let identities = try #require(store as? any IdentityStore)
            let administration = UserAdministration(store: store, schema: OutpostSchema.current, now: { now + 60_000 })
            for (hash, device) in [("wang-laptop", "w1"), ("wang-spare", "w2")] {
                try await identities.issueToken(hash: hash, user: DemoUsers.wang.userID, device: DeviceID(device), deviceName: nil, now: now)
            }
            try await identities.issueToken(hash: "zhao-laptop", user: DemoUsers.zhao.userID, device: DeviceID("z1"), deviceName: nil, now: now)

            let kept = try await administration.setPassword("another-secret-1", for: DemoUsers.wang.userID)
            #expect(kept.isEmpty)
            #expect(try await identities.caller(forTokenHash: "wang-laptop", now: now + 61_000) != nil)

            let revoked = try await administration.setPassword("another-secret-2", for: DemoUsers.wang.userID, endingSessions: true)
            #expect(Set(revoked.map(\.device)) == [DeviceID("w1"), DeviceID("w2")])
            #expect(try await identities.caller(forTokenHash: "wang-laptop", now: now + 62_000) == nil)
            #expect(try await identities.caller(forTokenHash: "wang-spare", now: now + 62_000) == nil)
            #expect(try await identities.caller(forTokenHash: "zhao-laptop", now: now + 62_000) != nil, "a colleague stays signed in")
        }
    }
}
