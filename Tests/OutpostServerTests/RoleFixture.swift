import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport

/// The organisation the role tests run on: the demo organisation, plus a team under HD's
/// campus with consultant Ma, the campus head Gao (a consultant by position: no position
/// powers), a consultant of CY (Qian), head office's Boss, and one role per data scope.
enum RoleFixture {
    static let now: Int64 = 1_788_300_000_000
    static let lead = EntityName("lead")

    /// The rows beside the demo organisation.
    static var campusAndRoles: [SeedRow] {
        [unit("ou-hd-campus-t2", parent: "ou-hd-campus", kind: "team"), unit("ou-cy-t1", parent: "ou-cy", kind: "team"),
         user("u-ma", unit: "ou-hd-campus-t2", mobile: "13800000011"), user("u-gao", unit: "ou-hd-campus", mobile: "13800000012"),
         user("u-qian", unit: "ou-cy-t1", mobile: "13800000013"),
         role("role-self", scope: "self"), role("role-subordinates", scope: "self_and_subordinates"),
         role("role-unit", scope: "own_unit"), role("role-subtree", scope: "unit_subtree"), role("role-company", scope: "company"),
         boss]
    }

    static func unit(_ id: String, parent: String, kind: String) -> SeedRow {
        SeedRow(entity: EntityName("org_unit"), id: RowID(id), values: [
            "parent_id": .text(parent), "kind": .text(kind), "name": .text(id), "timezone": .text("Asia/Shanghai"),
            "status": .text("active"), "path": .text("/\(parent)/\(id)")])
    }

    static func user(_ id: String, unit: String, mobile: String, position: String = "course_consultant") -> SeedRow {
        SeedRow(entity: EntityName("user"), id: RowID(id), values: [
            "name": .text(id), "mobile": .text(mobile), "org_unit_id": .text(unit), "position": .text(position),
            "status": .text("active"), "allocation_weight": .integer(100)])
    }

    static func role(_ id: String, scope: String, permissions: [String] = [], access: [String] = [], status: String = "active") -> SeedRow {
        SeedRow(entity: EntityName("role"), id: RowID(id), values: [
            "name": .text(id), "data_scope": .text(scope), "permissions": .list(permissions.map(FieldValue.text)),
            "field_access": .list(access.map(FieldValue.text)), "status": .text(status)])
    }

    static func grant(_ roles: [String], to user: String) -> SeedRow {
        SeedRow(entity: EntityName("user"), id: RowID(user), values: ["role_ids": .list(roles.map(FieldValue.text))])
    }

    static func newLead(_ id: String, by device: inout Device, mobile: String = "13900001234") -> [PushChange] {
        device.create("lead", id, ["contact_name": .text("家长 \(id)"), "mobile": .text(mobile), "source_channel": .text("walk_in")])
    }

    /// Leads by Wang (HD team T1), Ma (HD campus team) and Qian (CY).
    static func seedLeads(_ store: any ChangeStore) async throws {
        try await store.seed(try DemoOrganisation.rows() + campusAndRoles, serverNow: now)
        var wang = Device("w1", DemoUsers.wang.userID), ma = Device("m1", UserID("u-ma")), qian = Device("q1", UserID("u-qian"))
        _ = try await wang.push(newLead("l-wang", by: &wang), [], to: store, at: now)
        _ = try await ma.push(newLead("l-ma", by: &ma, mobile: "13900002345"), [], to: store, at: now)
        _ = try await qian.push(newLead("l-qian", by: &qian, mobile: "13900003456"), [], to: store, at: now)
    }

    /// The ids of the leads `user` receives.
    static func leads(of user: String, in store: any ChangeStore) async throws -> Set<String> {
        Set(try await storeRows(store, entity: lead, as: UserID(user)).keys.map(\.rawValue).filter { $0.hasPrefix("l-") })
    }

    /// Head office's administrator, at the company unit, with no roles.
    static var boss: SeedRow {
        SeedRow(entity: EntityName("user"), id: RowID("u-boss"), values: [
            "name": .text("老板 Boss"), "mobile": .text("13800000010"), "org_unit_id": .text("ou-qihang"),
            "position": .text("hq_admin"), "status": .text("active"), "allocation_weight": .integer(0)])
    }

    /// Every page of a pull from `cursor`, as `reader`, in pages of `limit` rows.
    static func pullAll(_ store: any ChangeStore, as reader: UserID, after cursor: PullCursor? = nil,
                        limit: Int = 5) async throws -> (rows: [PulledRow], cursor: PullCursor?, restarted: Bool) {
        var rows: [PulledRow] = []
        var cursor = cursor
        var restarted = false
        for _ in 0..<100 {
            let page = try await store.pull(after: cursor, limit: limit, as: reader)
            restarted = restarted || page.restarted == true
            rows += page.rows
            cursor = page.nextCursor
            if !page.hasMore { break }
        }
        return (rows, cursor, restarted)
    }
}
