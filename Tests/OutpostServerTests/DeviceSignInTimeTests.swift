import OutpostCore
import OutpostServer
import OutpostTestSupport
import Testing

/// A device token carries when its device signed in: pushes take it as the earliest a lead
/// they create counts as created (`PushAuthority.signedInAt`, R-2.3), so signing in again moves it.
@Suite struct DeviceSignInTimeTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func aTokenSaysWhenItsDeviceSignedIn(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            let identities = try #require(store as? any IdentityStore)
            try await identities.issueToken(hash: "hash-1", user: DemoUsers.wang.userID, device: DeviceID("w1"), deviceName: nil, now: now)
            let caller = try await identities.caller(forTokenHash: "hash-1", now: now + 5_000)
            #expect(caller?.signedInAt == now)
            #expect(caller?.device == DeviceID("w1"))

            try await identities.issueToken(hash: "hash-2", user: DemoUsers.wang.userID, device: DeviceID("w1"), deviceName: nil, now: now + 60_000)
            #expect(try await identities.caller(forTokenHash: "hash-2", now: now + 61_000)?.signedInAt == now + 60_000)
        }
    }
}
