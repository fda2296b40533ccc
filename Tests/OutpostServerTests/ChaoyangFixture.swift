import OutpostCore
import OutpostServer

/// Rows beside the demo organisation for tests across branches: a team of the CY branch with
/// Qian, a consultant in it, and a head-office user.
enum ChaoyangFixture {
    /// Team CY-T1 and Qian, a course consultant in it.
    static let teamAndConsultant = [
        SeedRow(entity: EntityName("org_unit"), id: RowID("ou-cy-t1"), values: [
            "parent_id": .text("ou-cy"), "kind": .text("team"), "name": .text("CY-T1"), "timezone": .text("Asia/Shanghai"),
            "status": .text("active"), "path": .text("/ou-qihang/ou-cy/ou-cy-t1")]),
        SeedRow(entity: EntityName("user"), id: RowID("u-qian"), values: [
            "name": .text("钱多多 Qian"), "mobile": .text("13800000009"), "org_unit_id": .text("ou-cy-t1"),
            "position": .text("course_consultant"), "status": .text("active"), "allocation_weight": .integer(100)]),
    ]

    /// A head-office user (`hq_admin`), who reads and writes every branch.
    static let headOffice = SeedRow(entity: EntityName("user"), id: RowID("u-hq"), values: [
        "name": .text("总部 HQ"), "mobile": .text("13800000029"), "org_unit_id": .text("ou-qihang"),
        "position": .text("hq_admin"), "status": .text("active")])
}
