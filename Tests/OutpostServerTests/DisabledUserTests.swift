import Foundation
import OutpostCore
import OutpostProtocol
import OutpostReplica
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
            try await Identity.administration(server).disable(UserID("u-wang"))
            #expect(try await server.store.status(of: UserID("u-wang")) == "disabled")

            // The login token still names the user, as the fixture token does: refused everywhere
            // but push, whose entries reach the quarantine (R-10.3).
            let loginHeaders = validHeaders(token: token)
            let byLoginToken = try await sendRaw("POST", "v1/handshake", to: server, body: Identity.handshakeBody(device: "w-laptop"),
                                                 headers: loginHeaders)
            #expect(byLoginToken.status == 403)
            #expect(byLoginToken.problem?.code == .userDisabled)
            let conflicts = try await sendRaw("GET", "v1/conflicts", to: server, headers: loginHeaders)
            #expect(conflicts.problem?.code == .userDisabled)
            let offline = "019a0000-0000-7000-8000-00000000d004"
            let laptopPush = try await sendRaw("POST", "v1/push", to: server, body: Identity.pushBody(device: "w-laptop", [
                #"{"sequence":1,"entity":"lead","rowID":"\#(offline)","field":"contact_name","value":"孙妈妈","clock":"1000.1@w-laptop"}"#,
            ]), headers: loginHeaders)
            #expect(laptopPush.status == 200)
            #expect(try WireCoding.decode(PushResponse.self, from: laptopPush.body).results.map(\.code) == [.userDisabled])
            #expect(try await server.store.quarantinedEntries().map(\.device) == [DeviceID("w-laptop")])
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

            let quarantined = try await server.store.quarantinedEntries().filter { $0.device == DeviceID("w1") }
            #expect(quarantined.count == 1)
            #expect(quarantined.first?.sequence == 7)
            #expect(quarantined.first?.target == "contact_name")
            #expect(quarantined.first?.valueJSON == #""王妈妈""#)
            #expect(try await storeRows(server.store, entity: EntityName("audit_log"))[RowID(audit)] != nil)
            #expect(try await serverRows(server) == leadsBefore)

            // Enabling revokes the tokens: the user signs in anew.
            let revoked = try await Identity.administration(server).enable(UserID("u-wang"))
            #expect(revoked.map(\.device) == [DeviceID("w-laptop")])
            #expect(try await sendRaw("POST", "v1/handshake", to: server, body: Identity.handshakeBody(device: "w-laptop"),
                                      headers: loginHeaders).status == 401)
            #expect(try await Identity.login(server, mobile: "13800000001", device: "w-laptop").status == 200)
        }
    }

    /// The store reads the author's status in the push's own transaction: a disabled user's
    /// push is refused before anything is written, so once the user is enabled again the same
    /// push applies in full (its sequences were not consumed, no row was touched).
    @Test(arguments: StoreKind.allCases)
    func theStoreRefusesADisabledUsersPushBeforeWritingAnything(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            try await Identity.administration(server).disable(UserID("u-wang"))
            let lead = "019a0000-0000-7000-8000-00000000d003"
            let push = try WireCoding.decode(PushRequest.self, from: Identity.pushBody(device: "w1", [
                #"{"sequence":1,"entity":"lead","rowID":"\#(lead)","field":"contact_name","value":"王妈妈","clock":"1000.1@w1"}"#,
                #"{"sequence":2,"entity":"lead","rowID":"\#(lead)","field":"source_channel","value":"walk_in","clock":"1000.2@w1"}"#,
                #"{"sequence":3,"entity":"lead","rowID":"\#(lead)","field":"mobile","value":"13900001234","clock":"1000.3@w1"}"#,
            ]))
            let leadsBefore = try await serverRows(server)
            await #expect(throws: ServerError.userDisabled) {
                try await server.store.apply(push, author: UserID("u-wang"), serverNow: server.clock.now)
            }
            #expect(try await serverRows(server) == leadsBefore)

            // An audit-only push is the one a disabled user may still make (R-10.3).
            let audit = try WireCoding.decode(PushRequest.self, from: Identity.pushBody(
                device: "w2", Identity.auditRowChanges(id: "019a0000-0000-7000-8000-00000000d004", actor: "u-wang", device: "w2")))
            let auditAnswer = try await server.store.apply(audit, author: UserID("u-wang"), serverNow: server.clock.now)
            #expect(auditAnswer.results.allSatisfy { $0.status == .applied })

            _ = try await Identity.administration(server).enable(UserID("u-wang"))
            let answer = try await server.store.apply(push, author: UserID("u-wang"), serverNow: server.clock.now)
            #expect(answer.results.map(\.status) == [.applied, .applied, .applied], "\(answer.results)")
            #expect(try await storeRows(server.store, entity: .lead)[RowID(lead)]?.values[FieldName("contact_name")] == .text("王妈妈"))
        }
    }

    /// The laptop of a user disabled while offline still hands over what it holds: the
    /// handshake says `user.disabled`, the sync pushes the journal into the quarantine, then
    /// stops with that code and says what it sent.
    @Test(arguments: StoreKind.allCases)
    func aDisabledUsersLaptopHandsOverItsOfflineWorkThenStops(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            try await w1.sync()
            let lead = try w1.addLead(["contact_name": "王妈妈", "mobile": "13812345670"])
            try await Identity.administration(server).disable(UserID("u-wang"))

            do {
                try await w1.sync()
                Issue.record("a disabled user's sync went through")
            } catch TransportError.server(let problem) {
                #expect(problem.code == .userDisabled)
                #expect(problem.detail.hasSuffix("This laptop sent the 4 changes it held; they are kept for that review."), "\(problem.detail)")
            }
            let quarantined = try await server.store.quarantinedEntries()
            #expect(Set(quarantined.map(\.rowID)) == [lead])
            #expect(Set(quarantined.map(\.target)) == ["contact_name", "mobile", "source_channel", "created_at"])
            #expect(try w1.replica.pendingCount() == 0, "answered: nothing is sent twice")
            #expect(try await serverState(server, lead) == nil, "kept for review, not applied")
        }
    }

    /// A disabled user's refused edit of his own lead shows the server's value again on his
    /// laptop (spec §11.2 `currentVersion`): it never holds the field empty, so once he is
    /// enabled again his laptop matches the server without anyone touching the lead.
    @Test(arguments: StoreKind.allCases)
    func aDisabledUsersRefusedEditShowsTheServersValueAgain(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.passwordHasher = Identity.hasher }) { server in
            try await Identity.prepare(server)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            try await w1.sync()
            let lead = try w1.addLead(["contact_name": "黄妈妈", "mobile": "13812345671", "remark": "first"])
            try await w1.sync()
            try w1.editLead(lead, ["remark": "before the disable"])
            try await Identity.administration(server).disable(UserID("u-wang"))
            await #expect(throws: TransportError.self) { try await w1.sync() }
            #expect(try w1.lead(lead)?.values[FieldName("remark")] == .text("first"), "the server's value, not an empty field")

            _ = try await Identity.administration(server).enable(UserID("u-wang"))
            try await w1.sync()
            try await w1.sync()
            #expect(try w1.lead(lead)?.values == (try await serverState(server, lead))?.values, "the laptop matches the server")
            #expect(try w1.lead(lead)?.values[FieldName("remark")] == .text("first"))
        }
    }
}
