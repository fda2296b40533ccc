import Foundation
import OutpostCore
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// A disabled user (R-10.3): no sign-in, handshake or pull; their audit rows still land and
/// everything else they push is quarantined, exactly once.
@Suite struct DisabledUserTests {
    @Test(arguments: StoreKind.allCases)
    func aDisabledUsersPushKeepsAuditRowsAndQuarantinesTheRest(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            let token = try await Identity.token(server, mobile: "13800000001", device: "w-laptop")
            let revoked = try await Identity.administration(server).disable(UserID("u-wang"))
            #expect(revoked.map(\.device) == [DeviceID("w-laptop")])
            #expect(try await server.store.status(of: UserID("u-wang")) == "disabled")

            // Disabling revoked the login token; the fixture token still names the user.
            let revokedAnswer = try await sendRaw("POST", "v1/handshake", to: server, body: Identity.handshakeBody(device: "w-laptop"),
                                                  headers: validHeaders(token: token))
            #expect(revokedAnswer.status == 401)
            let headers = validHeaders(token: DemoUsers.wang.token)
            let hello = try await sendRaw("POST", "v1/handshake", to: server, body: Identity.handshakeBody(device: "w1"), headers: headers)
            #expect(hello.status == 403)
            #expect(hello.problem?.code == .userDisabled)
            let pull = try await sendRaw("POST", "v1/pull", to: server, body: Data(#"{"limit":10}"#.utf8), headers: headers)
            #expect(pull.status == 403)
            #expect(pull.problem?.code == .userDisabled)
            let login = try await Identity.login(server, mobile: "13800000001", device: "w-laptop")
            #expect(login.status == 403)
            #expect(login.problem?.code == .userDisabled)

            let leadsBefore = try await serverRows(server)
            let audit = "019a0000-0000-7000-8000-00000000d001"
            let lead = "019a0000-0000-7000-8000-00000000d002"
            let changes = Identity.auditRowChanges(id: audit, actor: "u-wang", device: "w1")
                + [#"{"sequence":7,"entity":"lead","rowID":"\#(lead)","field":"contact_name","value":"王妈妈","clock":"1000.9@w1"}"#]
            let body = Identity.pushBody(device: "w1", changes)
            let first = try await sendRaw("POST", "v1/push", to: server, body: body, headers: headers)
            #expect(first.status == 200)
            let answer = try WireCoding.decode(PushResponse.self, from: first.body)
            #expect(answer.results.map(\.sequence) == Array(1...7))
            #expect(answer.results.prefix(6).allSatisfy { $0.status == .applied })
            #expect(answer.results[6].status == .rejected)
            #expect(answer.results[6].code == .userDisabled)

            let repeated = try await sendRaw("POST", "v1/push", to: server, body: body, headers: headers)
            #expect(try WireCoding.decode(PushResponse.self, from: repeated.body).results == answer.results)

            let quarantined = try await server.store.quarantinedEntries()
            #expect(quarantined.count == 1)
            #expect(quarantined.first?.sequence == 7)
            #expect(quarantined.first?.target == "contact_name")
            #expect(quarantined.first?.valueJSON == #""王妈妈""#)
            #expect(try await storeRows(server.store, entity: EntityName("audit_log"))[RowID(audit)] != nil)
            #expect(try await serverRows(server) == leadsBefore)

            try await Identity.administration(server).enable(UserID("u-wang"))
            #expect(try await Identity.login(server, mobile: "13800000001", device: "w-laptop").status == 200)
        }
    }
}
