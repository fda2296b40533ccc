import Foundation
import OutpostCore
import OutpostProtocol
import OutpostTestSupport
import Testing

/// A pull is answered in the layout of the protocol version the request names (invariant 6):
/// a v1 client keeps its `[value, "clock", "author"]` fields, a v2 client gets the compact
/// page, and both carry the same rows, clocks and authors.
@Suite struct PullLayoutTests {
    @Test(arguments: StoreKind.allCases)
    func aV1ClientKeepsItsLayoutAndAV2ClientGetsTheCompactPageOfTheSameRows(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, _, id) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13812345678"])
            try w1.editLead(id, ["remark": "周六试听"])
            try await w1.sync()
            let body = Data(#"{"limit":1000}"#.utf8)
            let v1 = try await sendRaw("POST", "v1/pull", to: server, body: body, headers: validHeaders(token: DemoUsers.wang.token))
            let v2 = try await sendRaw("POST", "v1/pull", to: server, body: body,
                                       headers: validHeaders(token: DemoUsers.wang.token, protocolVersion: "2"))
            #expect(v1.status == 200)
            #expect(v2.status == 200)
            let old = try JSONDecoder().decode(PullPage.self, from: v1.body)
            let compact = try JSONDecoder().decode(CompactPullPage.self, from: v2.body).page
            #expect(old == compact)
            #expect(old.rows.contains { $0.id == id && $0.fields["remark"]?.version.value == .text("周六试听") })
            #expect(!String(decoding: v1.body, as: UTF8.self).contains(#""writers":"#))
            #expect(String(decoding: v2.body, as: UTF8.self).contains(#""writers":"#))
        }
    }

    /// Every pull answer says where the next page starts in its headers, as its body does, so
    /// a client can ask for that page before it reads this one (`spec.md` §12.4).
    @Test(arguments: StoreKind.allCases)
    func aPullAnswerAnnouncesItsEndInHeadersAsItsBodySays(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, _, _) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13812345678"])
            for index in 0..<3 { _ = try w1.addLead(["contact_name": "家长\(index)"]) }
            try await w1.sync()
            var cursor: PullCursor?
            var pages = 0
            while pages < 20 {
                let body = try WireCoding.encode(PullRequest(cursor: cursor, limit: 2))
                let answer = try await sendRaw("POST", "v1/pull", to: server, body: body,
                                               headers: validHeaders(token: DemoUsers.wang.token, protocolVersion: "2"))
                #expect(answer.status == 200)
                let page = try JSONDecoder().decode(CompactPullPage.self, from: answer.body).page
                let announced = try #require(NextPageHeaders(cursor: answer.headers[NextPageHeaders.cursorName],
                                                             hasMore: answer.headers[NextPageHeaders.hasMoreName]))
                #expect(announced.matches(page))
                pages += 1
                guard page.hasMore else { break }
                cursor = page.nextCursor
            }
            #expect(pages > 1)
        }
    }

    /// A laptop upgraded before its server: the handshake agrees on v1, and the client speaks
    /// v1 (header and page layout) from then on, so syncing goes on as before.
    @Test(arguments: StoreKind.allCases)
    func aV2ClientSpeaksV1WithAServerHeldToV1(store: StoreKind) async throws {
        try await withRunningServer(store, configure: { $0.protocolVersions = 1...1 }) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13812345678"])
            try z1.editLead(id, ["remark": "周六试听"])
            try await z1.sync()
            try await w1.sync()
            #expect(try w1.lead(id)?.values[FieldName("remark")] == .text("周六试听"))
            try await expectConverged([w1, z1], server: server)

            let v2 = try await sendRaw("POST", "v1/pull", to: server, body: Data(#"{"limit":10}"#.utf8),
                                       headers: validHeaders(token: DemoUsers.wang.token, protocolVersion: "2"))
            #expect(v2.status == 400)
            #expect(v2.problem?.code == .unsupportedProtocolVersion)
        }
    }
}
