import Foundation
import OutpostCore
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// Login, per-device tokens, logout and revocation over real HTTP (protocol/auth.md).
@Suite struct LoginTests {
    private let wangMobile = "138 0000 0001"   // u-wang's number, written as people type it

    @Test(arguments: StoreKind.allCases)
    func aLoginTokenWorksForHandshakePushAndPull(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            let answer = try await Identity.login(server, mobile: wangMobile, device: "w-laptop", deviceName: "Wang's ThinkPad")
            #expect(answer.status == 200)
            let login = try WireCoding.decode(LoginResponse.self, from: answer.body)
            #expect(login.userID == UserID("u-wang"))
            #expect(login.deviceID == DeviceID("w-laptop"))
            #expect(login.token.count == 43)   // 32 bytes, base64url without padding

            let headers = validHeaders(token: login.token)
            let hello = try await sendRaw("POST", "v1/handshake", to: server, body: Identity.handshakeBody(device: "w-laptop"), headers: headers)
            #expect(hello.status == 200)
            #expect(try WireCoding.decode(HandshakeResponse.self, from: hello.body).userID == UserID("u-wang"))

            let row = "019a0000-0000-7000-8000-00000000a001"
            let push = try await sendRaw("POST", "v1/push", to: server,
                                         body: Identity.pushBody(device: "w-laptop", Identity.auditRowChanges(id: row, actor: "u-wang", device: "w-laptop")),
                                         headers: headers)
            #expect(push.status == 200)
            #expect(try WireCoding.decode(PushResponse.self, from: push.body).results.allSatisfy { $0.status == .applied })

            let pull = try await sendRaw("POST", "v1/pull", to: server, body: Data(#"{"limit":1000}"#.utf8), headers: headers)
            #expect(pull.status == 200)
            #expect(try WireCoding.decode(PullPage.self, from: pull.body).rows.contains { $0.id == RowID(row) })

            // The token is bound to its device: another device id is refused.
            let other = try await sendRaw("POST", "v1/handshake", to: server, body: Identity.handshakeBody(device: "someone-else"), headers: headers)
            #expect(other.status == 403)
            #expect(other.problem?.code == .deviceMismatch)
            #expect(other.problem?.detail.contains("issued to device 'w-laptop', not 'someone-else'") == true,
                    "the answer says the token is another device's, not that the device is another user's: \(other.problem?.detail ?? "")")
        }
    }

    @Test func aWrongPasswordAndAnUnknownMobileAnswerAlike() async throws {
        try await withRunningServer(.sqlite, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            let wrong = try await Identity.login(server, mobile: wangMobile, password: "not-the-password", device: "d1")
            let unknown = try await Identity.login(server, mobile: "13999999999", device: "d1")
            let nonsense = try await Identity.login(server, mobile: "not a number", device: "d1")
            for answer in [wrong, unknown, nonsense] {
                #expect(answer.status == 401)
                #expect(answer.problem?.code == .invalidCredentials)
                #expect(answer.body == wrong.body)
            }
            #expect(wrong.problem?.detail == "The mobile number or the password is wrong. Check both and sign in again; after 5 failures, sign-in pauses for 15 minutes.")
        }
    }

    @Test func logoutRevokesOnlyThatDevicesToken() async throws {
        try await withRunningServer(.sqlite, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            let laptop = try await Identity.token(server, mobile: wangMobile, device: "w-laptop")
            let phone = try await Identity.token(server, mobile: wangMobile, device: "w-phone")

            let logout = try await sendRaw("POST", "v1/logout", to: server, headers: validHeaders(token: laptop))
            #expect(logout.status == 204)
            let afterLogout = try await sendRaw("POST", "v1/handshake", to: server, body: Identity.handshakeBody(device: "w-laptop"),
                                                headers: validHeaders(token: laptop))
            #expect(afterLogout.status == 401)
            #expect(afterLogout.problem?.code == .invalidToken)
            let stillIn = try await sendRaw("POST", "v1/handshake", to: server, body: Identity.handshakeBody(device: "w-phone"),
                                            headers: validHeaders(token: phone))
            #expect(stillIn.status == 200)
        }
    }

    @Test func aNewLoginReplacesTheDevicesTokenAndRevocationIsPerDevice() async throws {
        try await withRunningServer(.sqlite, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            let first = try await Identity.token(server, mobile: wangMobile, device: "w-laptop")
            let second = try await Identity.token(server, mobile: wangMobile, device: "w-laptop")
            let phone = try await Identity.token(server, mobile: wangMobile, device: "w-phone")
            #expect(first != second)
            let handshake = { (token: String, device: String) in
                try await sendRaw("POST", "v1/handshake", to: server, body: Identity.handshakeBody(device: device), headers: validHeaders(token: token)).status
            }
            #expect(try await handshake(first, "w-laptop") == 401)
            #expect(try await handshake(second, "w-laptop") == 200)

            let revoked = try await Identity.administration(server).revoke(DeviceID("w-laptop"))
            #expect(revoked.user == UserID("u-wang"))
            #expect(try await handshake(second, "w-laptop") == 401)
            #expect(try await handshake(phone, "w-phone") == 200)
            let devices = try await server.store.deviceTokens(of: UserID("u-wang"))
            #expect(devices.map(\.device.rawValue) == ["w-laptop", "w-phone"])
            #expect(devices.map { $0.revokedAt != nil } == [true, false])
        }
    }

    @Test func aDeviceOfAnotherUserCannotBeSignedIn() async throws {
        try await withRunningServer(.sqlite, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            _ = try await Identity.token(server, mobile: wangMobile, device: "w-laptop")
            let zhao = try await Identity.login(server, mobile: "13800000002", device: "w-laptop")
            #expect(zhao.status == 403)
            #expect(zhao.problem?.code == .deviceMismatch)
        }
    }

    @Test func fixtureTokensKeepWorkingBesideLoginTokens() async throws {
        try await withRunningServer(.sqlite, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            let hello = try await sendRaw("POST", "v1/handshake", to: server, body: Identity.handshakeBody(device: "fixture-device"),
                                          headers: validHeaders(token: DemoUsers.zhao.token))
            #expect(hello.status == 200)
        }
    }

    @Test func theTokenIsStoredOnlyAsItsHash() async throws {
        try await withRunningServer(.sqlite, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            let token = try await Identity.token(server, mobile: wangMobile, device: "w-laptop")
            let files = try FileManager.default.contentsOfDirectory(at: server.directory, includingPropertiesForKeys: nil)
                .filter { $0.lastPathComponent.hasPrefix("server.sqlite") }
            #expect(!files.isEmpty)
            let bytes = try files.map { try Data(contentsOf: $0) }
            #expect(bytes.allSatisfy { $0.range(of: Data(token.utf8)) == nil }, "the plain token is in the database files")
            #expect(bytes.contains { $0.range(of: Data(DeviceToken.hash(token).utf8)) != nil }, "its hash is not")
            #expect(bytes.allSatisfy { $0.range(of: Data(Identity.password.utf8)) == nil }, "the plain password is in the database files")
        }
    }
}
