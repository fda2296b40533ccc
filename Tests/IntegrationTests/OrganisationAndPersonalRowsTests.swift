import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostServer
import OutpostTestSupport
import Testing

/// A push cannot change what its user may not change (DESIGN invariant 4), through a real
/// server on both stores: org units are head office's (DOMAIN §1.1), a branch manager's users
/// are his own branch's (§1.2), a notification is its recipient's (protocol/scopes.md §7), and
/// an audit entry names who really wrote it. A laptop that can tell refuses before
/// journaling; a tampered laptop's push (sent past those checks, from a fresh device) is
/// refused by the server or, for an audit entry, stamped with who pushed it.
@Suite struct OrganisationAndPersonalRowsTests {
    private let orgUnit = EntityName("org_unit")
    private let user = EntityName("user")

    /// Chen, manager of branch HD, renames branch CY, moves the company's time zone and pauses
    /// a CY consultant: his laptop refuses each, and the same writes pushed past it are
    /// refused `permission.not_allowed` and reach no one. Pausing his own branch's Wang works.
    @Test(arguments: StoreKind.allCases)
    func aBranchManagerChangesNeitherOrgUnitsNorAnotherBranchsUsers(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows() + [Self.consultantOfCY], serverNow: server.clock.now)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            try await c1.sync()
            for (entity, id, field, value) in [(orgUnit, "ou-cy", "name", FieldValue.text("Renamed by HD manager")),
                                               (orgUnit, "ou-qihang", "timezone", .text("America/New_York")),
                                               (user, "u-cy1", "name", .text("Renamed by HD manager")),
                                               (user, "u-cy1", "allocation_weight", .integer(0))] {
                #expect {
                    try c1.replica.update(entity, id: RowID(id), values: [FieldName(field): value], now: c1.clock.now)
                } throws: { error in
                    (error as? ReplicaError)?.code == "permission.not_allowed"
                }
            }
            #expect(try c1.replica.journalEntries(in: .pending).isEmpty, "nothing refused was journaled")
            try c1.replica.update(user, id: RowID("u-wang"), values: [FieldName("allocation_weight"): .integer(0)], now: c1.clock.now)

            let tampered = try Laptop("c-tampered", user: DemoUsers.chen, server: server)
            try await tampered.sync()
            server.clock.advance(by: 60_000)   // newer than the seed: only permission can stop it
            let answer = try await push([(orgUnit, "ou-cy", "name", .text("Renamed by HD manager")),
                                         (orgUnit, "ou-qihang", "timezone", .text("America/New_York")),
                                         (user, "u-cy1", "name", .text("Renamed by HD manager")),
                                         (user, "u-cy1", "allocation_weight", .integer(0))], from: tampered, server: server)
            #expect(answer.results.map(\.code?.rawValue) == Array(repeating: "permission.not_allowed", count: 4))
            try await c1.sync()
            try await z1.sync()

            for laptop in [c1, z1] {
                #expect(try laptop.replica.row(orgUnit, id: RowID("ou-cy"))?.values[FieldName("name")] == .text("朝阳分校 CY"))
                #expect(try laptop.replica.row(orgUnit, id: RowID("ou-qihang"))?.values[FieldName("timezone")] == .text("Asia/Shanghai"))
                #expect(try laptop.replica.row(user, id: RowID("u-cy1"))?.values[FieldName("allocation_weight")] == .integer(100))
                #expect(try laptop.replica.row(user, id: RowID("u-wang"))?.values[FieldName("allocation_weight")] == .integer(0))
            }
        }
    }

    /// Zhao's laptop refuses an audit entry in Chen's name or for another device; pushed past
    /// it, the entry is kept as Zhao's, from the device that pushed it: Chen never receives an
    /// export in his name, and Zhao keeps his own entry.
    @Test(arguments: StoreKind.allCases)
    func anAuditEntryNamesWhoReallyWroteIt(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            try await server.store.seed(try DemoOrganisation.rows(), serverNow: server.clock.now)
            let z1 = try Laptop("z1", user: DemoUsers.zhao, server: server)
            let c1 = try Laptop("c1", user: DemoUsers.chen, server: server)
            try await z1.sync()
            let device = try z1.replica.settings().deviceID.rawValue
            let audit = EntityName("audit_log")
            func entry(actor: String, device: String) -> [FieldName: FieldValue] {
                [FieldName("actor_id"): .text(actor), FieldName("device_id"): .text(device), FieldName("action"): .text("export"),
                 FieldName("entity_type"): .text("lead"), FieldName("row_count"): .integer(5000),
                 FieldName("occurred_at"): .integer(z1.clock.now), FieldName("result"): .text("ok")]
            }
            for forged in [entry(actor: "u-chen", device: device), entry(actor: "u-zhao", device: "another-device")] {
                #expect {
                    try z1.replica.create(audit, values: forged, now: z1.clock.now)
                } throws: { error in
                    (error as? ReplicaError)?.code == "permission.not_allowed"
                }
            }
            #expect(try z1.replica.journalEntries(in: .pending).isEmpty)

            let tampered = try Laptop("z-tampered", user: DemoUsers.zhao, server: server)
            try await tampered.sync()
            let id = "019a0000-0000-7000-8000-0000000000a2"
            let writes = entry(actor: "u-chen", device: device).sorted { $0.key < $1.key }.map { (audit, id, $0.key.rawValue, $0.value) }
            let answer = try await push(writes, from: tampered, server: server)
            #expect(answer.results.allSatisfy { $0.status == .applied }, "audit rows are accepted (R-10.3): \(answer.results)")
            try await z1.sync()
            try await c1.sync()

            let kept = try #require(try z1.replica.row(audit, id: RowID(id)))
            #expect(kept.values[FieldName("actor_id")] == .text("u-zhao"))
            #expect(kept.values[FieldName("device_id")] == .text(try tampered.replica.settings().deviceID.rawValue))
            #expect(try c1.replica.row(audit, id: RowID(id)) == nil, "no export in Chen's name")
        }
    }

    /// Lily reads her team's notifications but may not mark Wang's reclaim warning read: her
    /// laptop refuses, and the write pushed past it is refused `permission.not_owner`; the
    /// warning stays unread for Wang, who marks it read himself.
    @Test(arguments: StoreKind.allCases)
    func onlyTheRecipientMarksANotificationRead(store: StoreKind) async throws {
        try await withRunningServer(store) { server in
            let notification = EntityName("notification")
            let id = "019a0000-0000-7000-8000-0000000000b1"
            try await server.store.seed(try DemoOrganisation.rows() + [SeedRow(entity: notification, id: RowID(id), values: [
                "recipient_id": .text("u-wang"), "kind": .text("reclaim_warning"), "about_type": .text("lead"), "about_id": .text("l-one"),
                "about_name": .text("王妈妈"), "message": .text("Follow up on this lead or it goes back to the pool tomorrow."),
                "created_at": .integer(server.clock.now),
            ])], serverNow: server.clock.now)
            let l1 = try Laptop("l1", user: DemoUsers.lily, server: server)
            let w1 = try Laptop("w1", user: DemoUsers.wang, server: server)
            try await l1.sync()
            #expect(try l1.replica.row(notification, id: RowID(id)) != nil, "his team lead reads it")
            let readAt = [FieldName("read_at"): FieldValue.integer(l1.clock.now)]
            #expect {
                try l1.replica.update(notification, id: RowID(id), values: readAt, now: l1.clock.now)
            } throws: { error in
                (error as? ReplicaError)?.code == "permission.not_owner"
            }

            let tampered = try Laptop("l-tampered", user: DemoUsers.lily, server: server)
            try await tampered.sync()
            let answer = try await push([(notification, id, "read_at", .integer(server.clock.now))], from: tampered, server: server)
            #expect(answer.results.map(\.code?.rawValue) == ["permission.not_owner"])
            try await w1.sync()
            #expect((try w1.replica.row(notification, id: RowID(id))?.values[FieldName("read_at")] ?? .null) == .null, "still unread for Wang")

            try w1.replica.update(notification, id: RowID(id), values: readAt, now: w1.clock.now)
            let report = try await w1.sync()
            #expect(report.applied == 1)
        }
    }

    // MARK: - Private

    /// A consultant of branch CY.
    private static let consultantOfCY = SeedRow(entity: EntityName("user"), id: RowID("u-cy1"), values: [
        "name": .text("周 Zhou"), "mobile": .text("13800000031"), "org_unit_id": .text("ou-cy"),
        "position": .text("course_consultant"), "status": .text("active"), "allocation_weight": .integer(100),
    ])

    /// Pushes `writes` as a tampered laptop would, past its own checks: from `laptop`, a device
    /// that has pushed nothing before, so its sequences start at 1.
    private func push(_ writes: [(EntityName, String, String, FieldValue)], from laptop: Laptop,
                      server: RunningServer) async throws -> PushResponse {
        let device = try laptop.replica.settings().deviceID
        let changes = writes.enumerated().map { offset, write in
            PushChange(sequence: Int64(offset + 1), entity: write.0, rowID: RowID(write.1), field: FieldName(write.2), value: write.3,
                       clock: HLCTimestamp(wallMilliseconds: server.clock.now, counter: UInt32(offset), deviceID: device), base: nil)
        }
        return try await laptop.transport.push(PushRequest(deviceID: device, changes: changes))
    }
}
