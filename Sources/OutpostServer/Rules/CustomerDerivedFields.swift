import Foundation
import OutpostCore
import OutpostDomain

/// A customer's money-backed fields, recomputed from its enrollment orders (the academic
/// system's facts, DOMAIN §1.15), never merged (§3.2 rule 3): `deal_status` and
/// `first_deal_at` (a paid order is a deal, R-13.3), `rfm_code` and `lifecycle_stage`
/// (R-12, from orders, the students' statuses and remaining hours, and open opportunities);
/// entering `decline` opens a renewal opportunity for the owner.
enum CustomerDerivedFields {
    /// R-11.2's M threshold: the company median is frozen monthly by a job this build does not
    /// run yet; until then a fixed ¥10,000 stands in for it.
    static let highValueFen: Int64 = 1_000_000
    static let calendar = CompanyCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    static func recompute(_ key: RowKey, in workspace: inout PlanWorkspace) {
        guard let customer = workspace.row(key), !customer.isDeleted else { return }
        let now = workspace.serverNow
        let id = FieldValue.text(key.id.rawValue)
        var orders: [PaidOrder] = []
        var purchasedHours = 0.0
        for order in workspace.rows(.enrollmentOrder, where: FieldName("customer_id"), equals: id).map(\.row) where !order.isDeleted {
            guard let amount = order.values[FieldName("amount_fen")]?.integerValue,
                  let paidAt = order.values[FieldName("paid_at")]?.integerValue else { continue }
            let status = order.values[FieldName("status")]?.textValue
            orders.append(PaidOrder(amountFen: amount, paidAt: paidAt, refundedFen: status == "refunded" ? amount : 0))
            if case .real(let hours) = order.values[FieldName("hours_purchased")] ?? .null { purchasedHours += hours }
        }
        let students = workspace.rows(.student, where: FieldName("customer_id"), equals: id).map(\.row).filter { !$0.isDeleted }
        var remaining = 0.0, remainingKnown = false
        for student in students {
            if case .real(let hours) = student.values[FieldName("remaining_hours")] ?? .null {
                remaining += hours
                remainingKnown = true
            }
        }
        // Hours run out only where the academic system says how many are left: a family whose
        // students (or their hours) have not arrived yet has not used up what it just bought.
        if !remainingKnown { purchasedHours = 0 }
        let openRenewal = workspace.rows(.opportunity, where: FieldName("customer_id"), equals: id).contains {
            !$0.row.isDeleted && $0.row.values[FieldName("outcome")]?.textValue == "open"
        }
        let facts = LifecycleFacts(
            orders: orders, remainingHours: remaining, purchasedHours: purchasedHours,
            studentStatuses: students.compactMap { $0.values[FieldName("enrollment_status")]?.textValue.flatMap(LifecycleFacts.StudentStatus.init(rawValue:)) },
            hasOpenRenewalOpportunity: openRenewal)
        let rfm = RFMSegment(orders: orders, now: now, calendar: calendar, thresholds: RFMThresholds(minimumAmountFen: highValueFen))
        let stage = LifecycleStage.stage(of: facts, now: now, calendar: calendar)
        var values: [String: FieldValue] = [
            "rfm_code": .text(rfm.code),
            "lifecycle_stage": .text(stage.rawValue),
        ]
        if stage == .decline, customer.values[FieldName("lifecycle_stage")]?.textValue != LifecycleStage.decline.rawValue, !openRenewal {
            openWakeUpOpportunity(for: key, customer: customer, in: &workspace)
        }
        let paid = orders.filter(\.countsAsPaid)
        if let first = paid.map(\.paidAt).min() {
            values["deal_status"] = .text("won")
            if (customer.values[FieldName("first_deal_at")] ?? .null) == .null { values["first_deal_at"] = .integer(first) }
        }
        workspace.serverWrite(key, values)
    }

    /// a customer entering `decline` gives its owner a task, a renewal or wake-up
    /// opportunity at the first stage (S000 任务中心, 睡眠唤醒/流失挽回), unless one is open
    /// already. A customer in the pool has no owner to give it to.
    private static func openWakeUpOpportunity(for key: RowKey, customer: RowState, in workspace: inout PlanWorkspace) {
        guard let owner = customer.values[FieldName("owner_id")], owner != .null else { return }
        let stage = "initial_contact"
        let name = customer.values[FieldName("name")]?.textValue ?? key.id.rawValue
        _ = workspace.append(.opportunity, [
            "customer_id": .text(key.id.rawValue), "name": .text(String("续费/唤醒 Renewal: \(name)".prefix(128))),
            "stage": workspace.value(stage, for: .opportunity, field: "stage"), "outcome": .text("open"),
            "reopen_epoch": .integer(0), "stage_changed_at": .integer(workspace.serverNow),
            "win_probability": .integer(WinProbability.byStage[stage] ?? 0),
            "owner_id": owner, "branch_id": customer.values[FieldName("branch_id")] ?? .null,
        ])
    }
}
