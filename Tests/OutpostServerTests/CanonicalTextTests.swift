import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Text is stored in one form, NFC without space at its ends (DOMAIN §3.1), whatever a client
/// sends: round 32 found two laptops typing `café` as `é` and as `e` + U+0301 left the server
/// and one laptop with different bytes under one clock, for good.
@Suite struct CanonicalTextTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func oneWordTypedInTwoUnicodeFormsIsOneValueAndNoConflict(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var chen = Device("c1", UserID("u-chen")), wang = Device("w1", UserID("u-wang"))
            let created = chen.create("lead", "l1", ["contact_name": .text("周女士"), "mobile": .text("13900001234"),
                                                     "source_channel": .text("walk_in"), "remark": .text("caf\u{E9}")])
            _ = try await chen.push(created, [], to: store, at: now)
            let later = try await wang.push([wang.change("lead", "l1", "remark", .text("  cafe\u{301}\n"), at: now + 60_000)], [],
                                            to: store, at: now + 60_000)
            #expect(later.results.map(\.status) == [.applied])
            let remark = try #require(try await storeRows(store)[RowID("l1")]?.version(of: FieldName("remark")))
            #expect(remark.value.textValue.map { Array($0.utf8) } == Array("caf\u{E9}".utf8), "stored in NFC, trimmed")
            #expect(remark.author == UserID("u-wang"), "the later write holds the field")
            #expect(try await store.conflicts(lostBy: UserID("u-chen"), after: 0, limit: 10).conflicts.isEmpty,
                    "equal normalized writes are not conflicts (DOMAIN §3.1)")
            let page = try await store.pull(after: nil, limit: 100)
            let pulled = page.rows.first { $0.id == RowID("l1") }?.fields["remark"]?.version.value.textValue
            #expect(pulled.map { Array($0.utf8) } == Array("caf\u{E9}".utf8), "every replica receives the same bytes")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aBlankTagIsRefusedAsTheLaptopRefusesIt(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var chen = Device("c1", UserID("u-chen"))
            var created = chen.create("lead", "l1", ["contact_name": .text("周女士"), "mobile": .text("13900001234"), "source_channel": .text("walk_in")])
            created.append(chen.change("lead", "l1", "tags", ObservedRemoveSet().adding("", addID: "a1").fieldValue, at: now))
            let answer = try await chen.push(created, [], to: store, at: now)
            #expect(answer.results.last?.status == .rejected)
            #expect(answer.results.last?.code?.rawValue == "change.invalid_value")
        }
    }
}
