import Foundation
import OutpostCore
import OutpostProtocol
import OutpostReplica
import OutpostTestSupport
import Testing

/// Retried pushes have one effect; pulls page without gaps or repeats and resume after a stop
/// (issue tests 4 and 5).
@Suite struct ExactlyOnceAndResumeTests {
    @Test(arguments: StoreKind.allCases)
    func theSamePushSentTwiceHasOneEffect(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "刘妈妈"])
            z1.clock.advance(by: 120_000)
            w1.clock.advance(by: 60_000)
            server.clock.advance(by: 600_000)
            try z1.editLead(id, ["mobile": "13700000002"])
            try await z1.sync()
            try w1.editLead(id, ["mobile": "13700000001"])   // concurrent and older: it will lose

            let settings = try w1.replica.settings()
            let request = PushRequest(deviceID: settings.deviceID, changes: try w1.replica.pendingEntries(limit: 100).map(\.change))
            let first = try await w1.transport.push(request)
            let rowsAfterFirst = try await serverRows(server)
            let second = try await w1.transport.push(request)

            #expect(first.results.map(\.status) == [.superseded])
            #expect(second.results == first.results)
            #expect(try await serverRows(server) == rowsAfterFirst)
            let conflicts = try await server.store.conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 10)
            #expect(conflicts.conflicts.count == 1)
            #expect(conflicts.conflicts.first?.id == first.results.first?.conflictID)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aPushWhoseAnswerWasLostIsRetriedWithOneEffect(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let (w1, z1, id) = try await makeSyncedPair(server, lead: ["contact_name": "陈妈妈"])
            z1.clock.advance(by: 120_000)
            w1.clock.advance(by: 60_000)
            server.clock.advance(by: 600_000)
            try z1.editLead(id, ["remark": "Zhao's note"])
            try await z1.sync()
            try w1.editLead(id, ["remark": "Wang's note", "intent_level": "B"])

            let lossy = InterceptingTransport(w1.transport, losePushAnswers: 1)
            await #expect(throws: TransportError.self) { try await w1.sync(through: lossy) }
            #expect(try w1.replica.pendingCount() == 2)   // unanswered: still pending, nothing lost

            let report = try await w1.sync()
            #expect(report.renumbered == 0, "entries sent before keep their sequences: the server answers them as repeats")
            #expect(report.pushed == 2)
            #expect(report.applied == 1)
            #expect(report.superseded == 1)
            let conflicts = try await server.store.conflicts(lostBy: DemoUsers.wang.userID, after: 0, limit: 10)
            #expect(conflicts.conflicts.count == 1)
            try await z1.sync()
            #expect(try z1.lead(id)?.values[FieldName("intent_level")] == .text("B"))
            #expect(try z1.lead(id)?.values[FieldName("remark")] == .text("Zhao's note"))
            try await expectConverged([w1, z1], server: server)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func pagesMissNothingRepeatNothingAndResumeAfterAStop(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            var created: Set<RowID> = []
            for index in 0..<25 {
                created.insert(try w1.addLead(["contact_name": "家长\(index)"]))
            }
            try await w1.sync()

            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let stopping = InterceptingTransport(z1.transport, stopAfterPages: 3)
            await #expect(throws: TransportError.self) { try await z1.sync(through: stopping, pageSize: 4) }
            let afterStop = Set(try z1.replica.rows(EntityName("lead")).map(\.id))
            #expect(afterStop.count == 12)
            let storedCursor = try z1.replica.cursor()

            // The process stopped: open the file afresh and sync again.
            let reopened = try Replica(path: z1.replica.path)
            let recording = InterceptingTransport(HTTPSyncTransport(baseURL: server.url, token: DemoUsers.zhao.token))
            let engine = SyncEngine(replica: reopened, transport: recording, pageSize: 4)
            let report = try await engine.sync()

            #expect(recording.pullCursors.first == storedCursor)
            // 25 leads and the 25 ownership events of their creation; 12 leads came before the stop.
            let remaining = 2 * 25 - 12
            #expect(report.pulledRows == remaining)
            #expect(report.pages == (remaining + 3) / 4)
            let all = Set(try reopened.rows(EntityName("lead")).map(\.id))
            #expect(all == created)
            #expect(afterStop.isDisjoint(with: all.subtracting(afterStop)))
            #expect(Set(recording.pullCursors.compactMap { $0 }).count == recording.pullCursors.count)
            try await expectConverged([w1, z1], server: server)
        }
    }
}
