import OutpostCore
import OutpostServer
import OutpostTestSupport

/// Rows the pool-job tests share: leads Wang owns in branch HD, last followed up at a given time.
enum PoolFixture {
    /// A lead of Wang's in HD whose reclaim clock starts at `lastFollowUp`.
    static func ownedLead(_ id: String, lastFollowUp: Int64) -> SeedRow {
        SeedRow(entity: EntityName("lead"), id: RowID(id), values: [
            "contact_name": .text("王妈妈 \(id)"), "wechat_id": .text("owned_\(id)_parent"), "source_channel": .text("ground_promotion"),
            "branch_id": .text("ou-hd"), "owner_id": .text("u-wang"), "pool_state": .text("private"),
            "received_at": .integer(lastFollowUp), "last_followup_at": .integer(lastFollowUp),
        ])
    }
}
