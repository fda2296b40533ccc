import Foundation
import OutpostCore
import OutpostDomain
import OutpostReplica
import OutpostTestSupport
import Testing

/// Two laptops edit offline and converge through a real server (issue tests 1–3).
@Suite struct TwoLaptopsConvergeTests {
    private let lead = EntityName("lead")

    @Test(arguments: StoreKind.allCases)
    func editsToDifferentFieldsBothSurviveEverywhere(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13812345678"])

            // Both offline: Wang changes the intent, Zhao the remark.
            w1.clock.advance(by: 60_000)
            z1.clock.advance(by: 90_000)
            try w1.editLead(id, ["intent_level": "A"])
            try z1.editLead(id, ["remark": "想报周末班"])
            server.clock.advance(by: 1_000_000)
            try await w1.sync()
            try await z1.sync()
            try await w1.sync()

            for laptop in [w1, z1] {
                let row = try #require(try laptop.lead(id))
                #expect(row.values[FieldName("intent_level")] == .text("A"))
                #expect(row.values[FieldName("remark")] == .text("想报周末班"))
                #expect(row.values[FieldName("contact_name")] == .text("王妈妈"))
            }
            try await expectConverged([w1, z1], server: server)
            let conflicts = try await server.store.conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 10)
            #expect(conflicts.conflicts.isEmpty)
        }
    }

    /// A write the server refuses leaves the laptop showing the server's value, not an empty
    /// field that no later pull would fill (spec §11.2).
    @Test(arguments: StoreKind.allCases)
    func aRefusedEditShowsTheServersValueAgainAndTheLaptopsAgree(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)   // his branch manager
            let id = try w1.addLead(["contact_name": "王妈妈", "mobile": "13812345678"])
            try await w1.sync()
            try await c1.sync()
            w1.clock.advance(by: 60_000)
            // A salesperson sets the source when the lead is created, not after.
            try w1.editLead(id, ["source_channel": "advertising", "remark": "来过两次"])
            #expect(try w1.lead(id)?.values[FieldName("source_channel")] == .text("advertising"))
            server.clock.advance(by: 120_000)
            let report = try await w1.sync()
            #expect(report.rejected.map(\.code?.rawValue) == ["permission.field_read_only"])
            #expect(report.applied == 1)
            try await c1.sync()
            for laptop in [w1, c1] {
                #expect(try laptop.lead(id)?.values[FieldName("source_channel")] == .text("walk_in"))
                #expect(try laptop.lead(id)?.values[FieldName("remark")] == .text("来过两次"))
            }
            try await expectConvergedInScope([w1, c1], server: server)
        }
    }

    /// Two laptops add the same tag at once; the later one's push joins the two sets on the
    /// server. That laptop must receive the joined set too, or its later remove covers only its
    /// own add and the tag stays everywhere else (invariant 1).
    @Test(arguments: StoreKind.allCases, [true, false])
    func aTagAddedOnTwoLaptopsAndRemovedOnOneIsGoneEverywhere(store: StoreKind, laterAddSyncsLast: Bool) async throws {
        try await withRunningServer(store) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13812345678"])
            let tags = FieldName("tags")
            func edit(_ laptop: Laptop, _ change: (ObservedRemoveSet) -> ObservedRemoveSet) throws {
                let current = ObservedRemoveSet(try laptop.lead(id)?.values[tags] ?? .null) ?? ObservedRemoveSet()
                try laptop.replica.update(lead, id: id, values: [tags: change(current).fieldValue], now: laptop.clock.now)
            }
            w1.clock.advance(by: 60_000)
            z1.clock.advance(by: 90_000)   // Zhao's add is the later one
            try edit(w1) { $0.adding("周末班", addID: "w1-1") }
            try edit(z1) { $0.adding("周末班", addID: "z1-1") }
            server.clock.advance(by: 120_000)
            // Either push can be the one the server joins: the later add's, or the earlier one's.
            let (first, second) = laterAddSyncsLast ? (w1, z1) : (z1, w1)
            try await first.sync()
            try await second.sync()
            try await first.sync()
            for laptop in [w1, z1] {
                #expect(ObservedRemoveSet(try laptop.lead(id)?.values[tags] ?? .null)?.elements == ["周末班"])
            }
            try await expectConverged([w1, z1], server: server)

            // Zhao removes the tag: having seen both adds, his remove covers both.
            z1.clock.advance(by: 60_000)
            server.clock.advance(by: 60_000)
            try edit(z1) { $0.removing("周末班") }
            try await z1.sync()
            try await w1.sync()
            for laptop in [w1, z1] {
                #expect(ObservedRemoveSet(try laptop.lead(id)?.values[tags] ?? .null)?.elements == [], "the remove holds everywhere")
            }
            try await expectConverged([w1, z1], server: server)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func sameFieldHigherClockWinsAndTheLoserSeesTheConflict(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "王妈妈", "mobile": "13900000000"])

            // Offline: Wang at +10:00, Zhao at +10:05 (higher clock), same field.
            w1.clock.advance(by: 600_000)
            z1.clock.advance(by: 900_000)
            try w1.editLead(id, ["mobile": "13900001111"])
            try z1.editLead(id, ["mobile": "13900002222"])
            server.clock.advance(by: 1_000_000)   // the server's day moves on too: no clamping here
            // Zhao syncs first; Wang's later push is the one that loses.
            try await z1.sync()
            let wangReport = try await w1.sync()
            try await z1.sync()

            #expect(wangReport.superseded == 1)
            for laptop in [w1, z1] {
                #expect(try laptop.lead(id)?.values[FieldName("mobile")] == .text("13900002222"))
            }
            let serverConflicts = try await server.store.conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 10)
            let conflict = try #require(serverConflicts.conflicts.first)
            #expect(serverConflicts.conflicts.count == 1)
            #expect(conflict.loser.version.value == .text("13900001111"))
            #expect(conflict.loser.version.author == DemoUsers.wang.userID)
            #expect(conflict.winner.version.value == .text("13900002222"))
            #expect(conflict.winner.version.author == DemoUsers.zhao.userID)
            #expect(conflict.loser.version.clock < conflict.winner.version.clock)
            #expect(conflict.rule == "lastWriterWins")

            let lost = try w1.replica.lostConflicts()
            #expect(lost.count == 1)
            #expect(lost.first?.myValue == .text("13900001111"))
            #expect(lost.first?.winningValue == .text("13900002222"))
            #expect(lost.first?.winningAuthor == DemoUsers.zhao.userID)
            #expect(lost.first?.replacedByYou == false)
            #expect(try z1.replica.lostConflicts().isEmpty)
            try await expectConverged([w1, z1], server: server)

            // A later edit of another value is his, but not the value he lost (round 33: it
            // said "yours again").
            w1.clock.advance(by: 30_000)
            try w1.editLead(id, ["mobile": "13900003333"])
            let since = try #require(try w1.replica.lostConflicts().first)
            #expect(!since.replacedByYou && since.changedByYouSince)

            // Wang, having seen Zhao's number, types his own again: the loss is made good, and
            // his list of lost conflicts says so (the conflict stays: it happened).
            w1.clock.advance(by: 60_000)
            try w1.editLead(id, ["mobile": "13900001111"])
            try await w1.sync()
            let again = try w1.replica.lostConflicts()
            #expect(again.count == 1)
            #expect(again.first?.replacedByYou == true)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func sameFieldLowerClockPushedLastLosesTheSameWay(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "李爸爸"])
            w1.clock.advance(by: 900_000)   // Wang's edit is the later one
            z1.clock.advance(by: 600_000)
            try w1.editLead(id, ["contact_name": "李先生"])
            try z1.editLead(id, ["contact_name": "李爸"])
            server.clock.advance(by: 1_000_000)
            try await w1.sync()
            let zhaoReport = try await z1.sync()   // Zhao's lower clock arrives last and loses
            try await w1.sync()

            #expect(zhaoReport.superseded == 1)
            for laptop in [w1, z1] {
                #expect(try laptop.lead(id)?.values[FieldName("contact_name")] == .text("李先生"))
            }
            #expect(try z1.replica.lostConflicts().first?.myValue == .text("李爸"))
            try await expectConverged([w1, z1], server: server)
        }
    }

    @Test(arguments: StoreKind.allCases, [true, false])
    func deleteAndConcurrentEditResolveByClockEverywhere(store: StoreKind, editIsLater: Bool) async throws {
        try await withRunningServer(store) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "张妈妈", "remark": "first visit"])

            w1.clock.advance(by: editIsLater ? 60_000 : 120_000)
            z1.clock.advance(by: editIsLater ? 120_000 : 60_000)
            try w1.replica.delete(lead, id: id, now: w1.clock.now)
            try z1.editLead(id, ["remark": "called back, wants trial"])
            server.clock.advance(by: 1_000_000)
            try await w1.sync()
            try await z1.sync()
            try await w1.sync()

            // A later edit revives the row; an earlier one stays beneath the tombstone.
            let serverRow = try #require(try await serverState(server, id))
            #expect(serverRow.isDeleted == !editIsLater)
            for laptop in [w1, z1] {
                let row = try #require(try laptop.lead(id))
                #expect(row.isDeleted == !editIsLater)
                #expect(row.values[FieldName("remark")] == .text("called back, wants trial"))
            }
            try await expectConverged([w1, z1], server: server)

            if !editIsLater {
                // Undelete on Wang's laptop restores the latest values, including Zhao's edit.
                w1.clock.advance(by: 600_000)
                server.clock.advance(by: 600_000)
                try w1.replica.restore(lead, id: id, now: w1.clock.now)
                try await w1.sync()
                try await z1.sync()
                for laptop in [w1, z1] {
                    let row = try #require(try laptop.lead(id))
                    #expect(!row.isDeleted)
                    #expect(row.values[FieldName("remark")] == .text("called back, wants trial"))
                    #expect(row.values[FieldName("contact_name")] == .text("张妈妈"))
                }
                #expect(try w1.replica.rows(lead).map(\.id) == [id])
                try await expectConverged([w1, z1], server: server)
            }
        }
    }
}
