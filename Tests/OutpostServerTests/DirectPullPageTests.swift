import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// The SQLite store writes a pull page straight from its rows (`encodedPull`, what the pull
/// route sends): those bytes must be exactly what the page `pull` builds encodes to, for every
/// reader, layout and cursor: whole rows, rows delivering the fields written since, fields a
/// role or a pool hides, evictions, and a pull started again.
@Suite struct DirectPullPageTests {
    private let now = RoleFixture.now

    @Test func theDirectPageIsByteForByteThePageBuiltAndEncoded() async throws {
        try await withChangeStore(.sqlite) { store in
            try await RoleFixture.seedLeads(store)
            let poolLead = SeedRow(entity: EntityName("lead"), id: RowID("p1"), values: [
                "contact_name": .text("公海家长"), "wechat_id": .text("pool_p1_parent"), "mobile": .text("13900005678"),
                "source_channel": .text("purchased_list"), "branch_id": .text("ou-hd"), "pool_state": .text("public"), "pool_id": .text("pool-hd"),
            ])
            try await store.seed([poolLead, RoleFixture.role("role-telesales", scope: "own_unit", access: ["lead.mobile=hidden"]),
                                  RoleFixture.grant(["role-telesales"], to: "u-zhao")], serverNow: now + 1)
            let readers: [UserID?] = [nil, DemoUsers.wang.userID, DemoUsers.zhao.userID, DemoUsers.chen.userID, UserID("u-boss")]
            var seen = Seen()
            var cursors: [PullCursor?] = Array(repeating: nil, count: readers.count)
            for (index, reader) in readers.enumerated() {
                cursors[index] = try await compareEveryPage(of: store, as: reader, after: nil, seen: &seen)
            }
            // Fields written since, a lead that leaves Wang (an eviction), and a role that
            // changes (Zhao's pull starts again, with whole rows).
            var wang = Device("w2", DemoUsers.wang.userID)
            _ = try await wang.push([wang.change("lead", "l-wang", "remark", .text("回访 \"周六\"\n再联系"), at: now + 20_000)],
                                    [], to: store, at: now + 2)
            try await store.seed([SeedRow(entity: EntityName("lead"), id: RowID("l-wang"), values: ["owner_id": .text("u-lily")]),
                                  RoleFixture.grant(["role-telesales", "role-unit"], to: "u-zhao")], serverNow: now + 3)
            for (index, reader) in readers.enumerated() {
                _ = try await compareEveryPage(of: store, as: reader, after: cursors[index], seen: &seen)
            }
            #expect(seen.partialRow, "a page delivering only the fields written since")
            #expect(seen.hiddenField, "a page leaving out a hidden field")
            #expect(seen.eviction, "a page evicting a row")
            #expect(seen.restarted, "a page of a pull started again")
        }
    }

    /// What the pages compared held, so the test knows it compared what it meant to.
    private struct Seen {
        var partialRow = false
        var hiddenField = false
        var eviction = false
        var restarted = false
    }

    /// Pulls every page after `cursor` in pages of 2, both layouts, comparing the bytes.
    /// - Returns: the cursor after the last page.
    private func compareEveryPage(of store: any ChangeStore, as reader: UserID?, after cursor: PullCursor?,
                                  seen: inout Seen) async throws -> PullCursor? {
        var cursor = cursor
        for _ in 0..<200 {
            let page = try await store.pull(after: cursor, limit: 2, as: reader)
            for layout in [PullPageWriter.Layout.plain, .compact] {
                let direct = try await store.encodedPull(after: cursor, limit: 2, as: reader, layout: layout)
                let built = try EncodedPullPage(page, layout: layout)
                #expect(direct.body == built.body, "\(reader?.rawValue ?? "unscoped") after \(cursor?.rawValue ?? "the start"), \(layout)")
                #expect(direct.end == built.end)
            }
            for row in page.rows where row.entity == RoleFixture.lead {
                if row.isEviction { seen.eviction = true }
                if !row.isEviction, row.fields["contact_name"] == nil { seen.partialRow = true }
                if reader == DemoUsers.zhao.userID, !row.isEviction, row.fields["contact_name"] != nil, row.fields["mobile"] == nil {
                    seen.hiddenField = true
                }
            }
            if page.restarted == true { seen.restarted = true }
            cursor = page.nextCursor
            if !page.hasMore { break }
        }
        return cursor
    }
}
