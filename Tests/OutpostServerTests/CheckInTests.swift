import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Check-ins are evidence: accepted whatever they show, with the server's distance (after
/// WGS-84 → GCJ-02) and flags (R-16.x).
@Suite struct CheckInTests {
    private let now: Int64 = 1_788_300_000_000

    @Test(arguments: StoreKind.allCases)
    func aCheckInFarFromItsSubjectAndTooFastAfterTheLastIsKeptAndFlagged(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            // Customer K at a GCJ-02 address in Haidian, owned by Zhao; Sun, who visits it for
            // her, is a read-only team member (so his check-ins are accepted, R-8.4).
            let customer = SeedRow(entity: EntityName("customer"), id: RowID("k1"), values: [
                "name": .text("王家"), "customer_type": .text("family"), "owner_id": .text("u-zhao"),
                "branch_id": .text("ou-hd"), "pool_state": .text("private"), "ro_member_ids": .list([.text("u-sun")]),
                "address": .object(["text": .text("中关村大街 1 号"), "district_code": .text("110108"),
                                    "lat": .real(39.9834), "lon": .real(116.3162), "coord_system": .text("gcj02")]),
            ])
            try await store.seed(try DemoOrganisation.rows() + [customer], serverNow: now)
            var sun = Device("s1", DemoUsers.sun.userID)
            // The raw GPS (WGS-84) point of the same place: ~500 m off on a GCJ-02 map, but the
            // server converts before measuring, so this one is near.
            let near = sun.create("check_in", "c1", checkIn(lat: 39.98214, lon: 116.30999, at: now, accuracy: 120))
            // Twenty minutes later, 100 km away: impossible travel, far from the subject.
            let far = sun.create("check_in", "c2", checkIn(lat: 39.0, lon: 116.0, at: now + 20 * 60_000, accuracy: 1500))
            let answer = try await sun.push(near + far, [], to: store, at: now + 30 * 60_000)
            #expect(answer.results.allSatisfy { $0.status == .applied })
            let rows = try await storeRows(store, entity: EntityName("check_in"))
            let first = try #require(rows[RowID("c1")])
            let second = try #require(rows[RowID("c2")])
            let nearDistance = try #require(first.values[FieldName("distance_to_subject_m")].flatMap { if case .real(let d) = $0 { d } else { nil } })
            #expect(nearDistance < 150, "distance after conversion: \(nearDistance) m")
            #expect(flags(first) == ["author_not_owner"])
            #expect(flags(second) == ["author_not_owner", "far_from_subject", "impossible_travel", "low_accuracy"])
            #expect(second.values[FieldName("user_id")] == .text("u-sun"))
        }
    }

    private func checkIn(lat: Double, lon: Double, at time: Int64, accuracy: Double) -> [String: FieldValue] {
        ["kind": .text("arrive"), "subject_type": .text("customer"), "subject_id": .text("k1"), "subject_name_snapshot": .text("王家"),
         "lat": .real(lat), "lon": .real(lon), "coord_system": .text("wgs84"), "horizontal_accuracy_m": .real(accuracy),
         "location_status": .text("fixed"), "device_time": .integer(time), "occurred_at": .integer(time)]
    }

    private func flags(_ row: RowState) -> [String] {
        (row.values[FieldName("flags")]?.listValue ?? []).compactMap(\.textValue).sorted()
    }
}
