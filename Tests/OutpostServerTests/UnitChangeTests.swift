import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// `outpost-server units set` (DOMAIN §1.1): an administrator renames a unit, moves its day,
/// names its manager, and gives a branch its territory, which ingest then routes by.
/// A refused change writes nothing.
@Suite struct UnitChangeTests {
    private let now: Int64 = 1_788_300_000_000

    private func organisation(_ store: any ChangeStore) -> OrganisationAdministration {
        OrganisationAdministration(store: store, schema: OutpostSchema.current, now: { now + 60_000 })
    }

    private func unit(_ id: String, in store: any ChangeStore) async throws -> RowState? {
        try await store.storedRow(RowID(id), of: EntityName("org_unit"))
    }

    private func territory(of id: String, in store: any ChangeStore) async throws -> Set<String> {
        try await unit(id, in: store)?.values[FieldName("region_codes")].flatMap(ObservedRemoveSet.init)?.elements ?? []
    }

    private func lead(_ id: String, district: String) -> IngestLead {
        IngestLead(id: RowID(id), values: [
            "contact_name": .text("家长 \(id)"), "mobile": .text(id == "a1" ? "13800131234" : "13800134321"), "source_channel": .text("web_form"),
            "address": .object(["text": .text("某小区"), "district_code": .text(district)]),
        ])
    }

    @Test(arguments: StoreKind.allCases)
    func aBranchGainsATerritoryThatIngestRoutesBy(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + ChaoyangFixture.teamAndConsultant + [ChaoyangFixture.headOffice], serverNow: now)
            let changed = try await organisation(store).change(UnitChange(id: "ou-cy", addedRegions: ["110105", "110101"]))
            #expect(changed == ["region_codes"])
            #expect(try await territory(of: "ou-cy", in: store) == ["110105", "110101"])
            let report = try await store.ingest([lead("a1", district: "110105")], actor: UserID("u-hq"), serverNow: now + 120_000)
            #expect(report.placements.map { $0.branchID?.rawValue } == ["ou-cy"], "R-4.2: routed by the new territory")

            try await organisation(store).change(UnitChange(id: "ou-cy", removedRegions: ["110105"]))
            #expect(try await territory(of: "ou-cy", in: store) == ["110101"])
            let later = try await store.ingest([lead("a2", district: "110105")], actor: UserID("u-hq"), serverNow: now + 180_000)
            #expect(later.placements.map(\.route) == [.unassigned], "a code the branch gave up routes nowhere")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aUnitIsRenamedGivenADayAndAManagerAndTheChangeIsAudited(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + ChaoyangFixture.teamAndConsultant + [ChaoyangFixture.headOffice], serverNow: now)
            let changed = try await organisation(store).change(UnitChange(id: "ou-cy", name: "朝阳分校", timezone: "Asia/Urumqi", manager: UserID("u-qian")))
            #expect(changed == ["manager_user_id", "name", "timezone"])
            let row = try await unit("ou-cy", in: store)
            #expect(row?.values[FieldName("name")] == .text("朝阳分校"))
            #expect(row?.values[FieldName("timezone")] == .text("Asia/Urumqi"))
            #expect(row?.values[FieldName("manager_user_id")] == .text("u-qian"))
            try await organisation(store).change(UnitChange(id: "ou-cy", manager: UserID("u-hq")))   // head office manages any unit
            let audit = try await storeRows(store, entity: EntityName("audit_log")).values.compactMap { $0.values[FieldName("reason")]?.textValue }
            #expect(audit.contains("changed: name=朝阳分校 timezone=Asia/Urumqi manager_user_id=u-qian"), "\(audit)")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aRefusedChangeSaysWhatToPassAndWritesNothing(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + ChaoyangFixture.teamAndConsultant, serverNow: now)
            try await organisation(store).change(UnitChange(id: "ou-cy", addedRegions: ["110105"]))
            let before = try await unit("ou-cy", in: store)
            let refusals: [(UnitChange, AdministrationError)] = [
                (UnitChange(id: "ou-cy"), .nothingToChange("ou-cy")),
                (UnitChange(id: "ou-nowhere", name: "X"), .unknownUnit("ou-nowhere")),
                (UnitChange(id: "ou-cy", name: "  "), .blankName),
                (UnitChange(id: "ou-cy", timezone: "Beijing"), .unknownTimeZone("Beijing")),
                (UnitChange(id: "ou-cy", manager: UserID("u-ghost")), .unknownManager(UserID("u-ghost"))),
                (UnitChange(id: "ou-cy", manager: DemoUsers.chen.userID), .managerInOtherBranch(DemoUsers.chen.userID, branch: "ou-hd", usersBranch: "ou-cy")),
                (UnitChange(id: "ou-cy-t1", addedRegions: ["110105"]), .notABranch("ou-cy-t1")),
                (UnitChange(id: "ou-cy", name: "X", addedRegions: ["11010"]), .invalidRegionCode("11010")),
                (UnitChange(id: "ou-cy", addedRegions: ["１１０１０５"]), .invalidRegionCode("１１０１０５")),
                (UnitChange(id: "ou-cy", removedRegions: ["110108"]), .regionNotInTerritory("110108", branch: "ou-cy")),
            ]
            for (change, refusal) in refusals {
                await #expect(throws: refusal) { try await organisation(store).change(change) }
            }
            #expect(try await unit("ou-cy", in: store) == before, "nothing was written")
            #expect(AdministrationError.invalidRegionCode("11010").description.hasSuffix("[admin.invalid_region_code]"))
        }
    }
}
