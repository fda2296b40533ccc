import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// A ranked field moved back by a writer who had seen it further (spec §9.3): the server
/// refuses the write with `change.outranked` and shows the value it keeps, on both stores.
@Suite struct OutrankedWriteTests {
    private func status(_ stage: String) -> FieldValue { StageValue(epoch: 0, stage: stage).fieldValue }

    @Test(arguments: StoreKind.allCases)
    func aLeadsStatusMovedBackByItsOwnDeviceIsRefusedWithTheValueKept(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: 1_788_300_000_000)
            var wang = Device("w1", DemoUsers.wang.userID)
            let created = wang.create("lead", "l-1", ["contact_name": .text("王妈妈"), "mobile": .text("13812345678"),
                                                      "source_channel": .text("walk_in"), "status": status("qualified")])
            _ = try await wang.push(created, [], to: store, at: 1_788_300_001_000)
            let back = wang.change("lead", "l-1", "status", status("contacting"), at: 1_788_300_060_000)
            let answer = try await wang.push([back], [], to: store, at: 1_788_300_061_000)
            #expect(answer.results.map(\.status) == [.rejected])
            #expect(answer.results.first?.code?.rawValue == "change.outranked")
            #expect(answer.results.first?.currentVersion?.version.value == status("qualified"))
            #expect(try await storeRows(store)[RowID("l-1")]?.values[FieldName("status")] == status("qualified"))
        }
    }
}
