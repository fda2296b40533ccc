import Foundation
import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// `POST /v1/leads/ingest` on a running server: a branch manager's leads are placed and the
/// answer says where; a salesperson gets 403 `ingest.position_not_allowed`, an unknown team
/// 422 `ingest.unknown_team`, and neither writes anything.
@Suite struct IngestRouteTests {
    private let body = Data(#"{"leads":[{"id":"web-1","values":{"contact_name":"网页家长","mobile":"13800130001","student_birth_year":2019,"preferred_schedule":"周末","source_channel":"web_form"},"teamID":"ou-hd-t1"}]}"#.utf8)

    @Test(arguments: StoreKind.allCases)
    func aBranchManagerIngestsAndASalespersonMayNot(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let refused = try await sendRaw("POST", "v1/leads/ingest", to: server, body: body, headers: validHeaders(token: DemoUsers.wang.token))
            #expect(refused.status == 403)
            #expect(refused.problem?.code == .ingestPositionNotAllowed)
            let unknownTeam = try await sendRaw("POST", "v1/leads/ingest", to: server,
                                                body: Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "ou-hd-t1", with: "ou-nowhere").utf8),
                                                headers: validHeaders(token: DemoUsers.chen.token))
            #expect(unknownTeam.status == 422)
            #expect(unknownTeam.problem?.code == .ingestUnknownTeam)
            #expect(try await serverRows(server)[RowID("web-1")] == nil)

            let placed = try await sendRaw("POST", "v1/leads/ingest", to: server, body: body, headers: validHeaders(token: DemoUsers.chen.token))
            #expect(placed.status == 200)
            let report = try JSONDecoder().decode(IngestReport.self, from: placed.body)
            #expect(report.placements.map(\.route) == [.team])
            #expect(report.placements.first?.branchID == RowID("ou-hd"))
            #expect(try await serverRows(server)[RowID("web-1")]?.values[FieldName("owner_id")] == report.placements.first?.ownerID.map { .text($0.rawValue) })
        }
    }
}
