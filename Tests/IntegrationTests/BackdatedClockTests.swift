import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Over HTTP, as an insider would try it: a laptop that signs in after a colleague entered a
/// prospect, then pushes the same mobile with every clock set back to 1970, does not take the
/// colleague's lead (R-2.3 "先录先得"; DOMAIN §2.6: backdating is bounded by the sign-in).
@Suite struct BackdatedClockTests {
    private func push(_ device: String, clockWall: Int64, row: String, name: String, token: String,
                      to server: RunningServer) async throws -> RawAnswer {
        let fields: [(String, String)] = [("contact_name", "\"\(name)\""), ("created_at", "\(clockWall)"), ("mobile", "\"13911117777\""),
                                          ("source_channel", "\"walk_in\"")]
        let changes = fields.enumerated().map { index, field in
            #"{"sequence":\#(index + 1),"entity":"lead","rowID":"\#(row)","field":"\#(field.0)","value":\#(field.1),"clock":"\#(clockWall).\#(index)@\#(device)"}"#
        }
        let body = Data(#"{"deviceID":"\#(device)","changes":[\#(changes.joined(separator: ","))]}"#.utf8)
        return try await sendRaw("POST", "v1/push", to: server, body: body, headers: validHeaders(token: token))
    }

    @Test(arguments: StoreKind.allCases)
    func aLaptopSignedInLaterCannotBackdateItsWayToAColleaguesLead(store kind: StoreKind) async throws {
        try await withRunningServer(kind) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let zhaosLead = "019a0000-0000-7000-8000-0000000000a1", wangsLead = "019a0000-0000-7000-8000-0000000000b2"
            let entered = try await push("z1", clockWall: server.clock.now, row: zhaosLead, name: "赵家", token: DemoUsers.zhao.token, to: server)
            #expect(entered.status == 200)

            server.clock.advance(by: 60_000)
            try await UserAdministration(store: server.store, schema: OutpostSchema.current, now: { server.clock.now })
                .setPassword("wang-secret-1", for: DemoUsers.wang.userID)
            let login = try await sendRaw("POST", "v1/login", to: server,
                                          body: Data(#"{"mobile":"13800000001","password":"wang-secret-1","deviceID":"w-evil"}"#.utf8),
                                          headers: ["Content-Type": "application/json", "Outpost-Protocol": "1"])
            #expect(login.status == 200)
            let token = try JSONDecoder().decode(LoginResponse.self, from: login.body).token

            let forged = try await push("w-evil", clockWall: 1_000, row: wangsLead, name: "王的", token: token, to: server)
            #expect(forged.status == 200)
            let leads = try await serverRows(server)
            #expect(leads[RowID(zhaosLead)]?.isDeleted == false, "Zhao entered it first and keeps it")
            #expect(leads[RowID(zhaosLead)]?.values[FieldName("owner_id")] == .text(DemoUsers.zhao.userID.rawValue))
            #expect(leads[RowID(wangsLead)]?.values[FieldName("merged_into_id")] == .text(zhaosLead))
        }
    }
}
