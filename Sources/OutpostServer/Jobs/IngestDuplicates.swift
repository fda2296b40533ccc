import Foundation
import OutpostCore
import OutpostProtocol

/// R-2.2: an ingested lead whose normalized mobile the company already knows is not a new
/// prospect. Evaluated in DOMAIN's order against the live leads, customers and contacts that
/// hold the number:
///
/// 1. a won customer (or a contact of one): no lead is made; the customer gets an inbound
///    interest follow-up (author `system`, the channel in its text), an opportunity for each
///    course the lead asks about that it is not already sold, and its owner a notice;
/// 2. a private lead or customer active within the override window: no lead is made; the
///    record counts the touch (`intent_touch_count`, leads) and its owner gets a notice;
/// 3. a lead in a public pool, or untouched for longer than the window: the new lead takes
///    the old one's place: the old lead's empty fields are filled from the new one (the old
///    values go to the audit log), its status is `new` again, and it is distributed again
///    like a new lead (R-4);
/// 4. a converted lead stands for the customer it became (case 1 or 2 for that customer).
///
/// An invalid lead matches nothing here: the new lead is made, and the de-dup check links the
/// two for a manager (R-2.5).
enum IngestDuplicates {
    /// How long an owner's last activity on a record keeps it theirs against a new lead of
    /// the same family (DOMAIN `override_window_days`, proposal: 90 days).
    static let overrideWindowMilliseconds: Int64 = 90 * 86_400_000

    /// What a lead with a known mobile does instead of becoming a new row.
    enum Outcome: Equatable {
        /// Cases 1, 2 and 4: no new row; the existing record takes the touch.
        case touch(RowKey)
        /// Case 3: the existing lead takes the new lead's place and is distributed again.
        case override(RowKey)
    }

    /// The outcome for an ingested lead with `values`, or nil when it is a new prospect.
    static func outcome(for values: [String: FieldValue], in workspace: inout PlanWorkspace) -> Outcome? {
        guard let mobile = values["mobile"], mobile != .null else { return nil }
        var customers: [(key: RowKey, row: RowState)] = []
        var leads: [(key: RowKey, row: RowState)] = []
        func addCustomer(_ id: String?) {
            guard let id, !id.isEmpty, !customers.contains(where: { $0.key.id.rawValue == id }) else { return }
            let key = RowKey(entity: .customer, id: RowID(id))
            if let row = workspace.row(key), !row.isDeleted { customers.append((key, row)) }
        }
        for match in workspace.rows(.customer, where: FieldName("mobile"), equals: mobile) where isLive(match.row) {
            addCustomer(match.id.rawValue)
        }
        for match in workspace.rows(.contact, where: FieldName("mobile"), equals: mobile) where isLive(match.row) {
            addCustomer(match.row.values[FieldName("customer_id")]?.textValue)
        }
        for match in workspace.rows(.lead, where: FieldName("mobile"), equals: mobile) where isLive(match.row) {
            switch PlanWorkspace.word(match.row.values[FieldName("status")]) {
            case "converted": addCustomer(match.row.values[FieldName("converted_customer_id")]?.textValue)   // case 4
            case "invalid": continue
            default: leads.append((RowKey(entity: .lead, id: match.id), match.row))
            }
        }
        customers.sort { $0.key.id < $1.key.id }
        leads.sort { $0.key.id < $1.key.id }
        if let won = customers.first(where: { $0.row.values[FieldName("deal_status")]?.textValue == "won" }) {
            return .touch(won.key)
        }
        let now = workspace.serverNow
        if let held = (customers + leads).first(where: { isHeld($0.row, now: now) }) {
            return .touch(held.key)
        }
        if let customer = customers.first { return .touch(customer.key) }   // a customer is never re-distributed as a lead
        return leads.first.map { .override($0.key) }
    }

    /// Case 1 and 2: records the touch on `record`, from a lead with `values`, ingested by `actor`.
    static func touch(_ record: RowKey, with values: [String: FieldValue], actor: UserID, in workspace: inout PlanWorkspace) {
        guard let row = workspace.row(record) else { return }
        let channel = values["source_channel"]?.textValue ?? "unknown"
        let name = values["contact_name"]?.textValue
        let won = row.values[FieldName("deal_status")]?.textValue == "won"
        if record.entity == .lead {
            let touches = row.values[FieldName("intent_touch_count")]?.integerValue ?? 0
            workspace.serverWrite(record, ["intent_touch_count": .integer(touches + 1)], author: actor)
            LeadScoring.recompute(record, in: &workspace)
        }
        if won {
            var content = "Inbound interest (R-2.2) through \(channel)"
            if let name { content += " from \(name)" }
            if let remark = values["remark"]?.textValue, !remark.isEmpty { content += ": \(remark)" }
            workspace.append(.followUp, [
                "subject_type": .text(record.entity.rawValue), "subject_id": .text(record.id.rawValue),
                "author_id": .text(PlanWorkspace.system.rawValue), "method": .text("other"),
                "content": .text(String(content.prefix(2000))), "occurred_at": .integer(workspace.serverNow),
                "received_at": .integer(workspace.serverNow),
            ])
        }
        if won, record.entity == .customer, let courses = values["interest_courses"].flatMap(ObservedRemoveSet.init)?.elements {
            openOpportunities(under: record, customer: row, for: courses, in: &workspace)
        }
        guard let owner = row.values[FieldName("owner_id")]?.textValue, !owner.isEmpty else { return }
        let what = won ? "a paying family" : "your \(record.entity)"
        Notifications.send(to: UserID(owner), kind: "inbound_interest", about: record,
                           message: "\(name ?? "This family") came in again through \(channel) and matched \(what) by mobile; no new lead was made (R-2.2). Get in touch while the interest is fresh.",
                           dedupKey: "inbound_interest:\(record.id.rawValue):\(workspace.serverNow)", in: &workspace)
    }

    /// Case 1's last step (S001 "衍生出不同的商机"): each course the new lead asks about that
    /// none of the won customer's live opportunities already sells (open or won) becomes an
    /// opportunity under the customer, owned as the customer is, at the first stage.
    private static func openOpportunities(under customer: RowKey, customer row: RowState, for courses: Set<String>,
                                          in workspace: inout PlanWorkspace) {
        let sold = Set(workspace.rows(.opportunity, where: FieldName("customer_id"), equals: .text(customer.id.rawValue)).compactMap { match in
            guard !match.row.isDeleted, ["open", "won"].contains(match.row.values[FieldName("outcome")]?.textValue ?? "open") else { return nil }
            return match.row.values[FieldName("course_package_id")]?.textValue
        } as [String])
        let stage = "initial_contact"
        for course in courses.subtracting(sold).sorted() {
            var values: [String: FieldValue] = [
                "customer_id": .text(customer.id.rawValue), "name": .text(String("Inbound interest: \(course)".prefix(128))),
                "stage": workspace.value(stage, for: .opportunity, field: "stage"), "outcome": .text("open"),
                "reopen_epoch": .integer(0), "stage_changed_at": .integer(workspace.serverNow), "course_package_id": .text(course),
                "win_probability": .integer(WinProbability.byStage[stage] ?? 0),
            ]
            for field in ["branch_id", "owner_id"] { values[field] = row.values[FieldName(field)] }
            _ = workspace.append(.opportunity, values)
        }
    }

    /// Case 3: the values `lead` takes from the new lead, and its reset status; the values it
    /// had go to the audit log. Placement then distributes it like a new lead.
    /// - Returns: the values to write with the lead's new placement.
    static func override(_ lead: RowKey, with values: [String: FieldValue], actor: UserID,
                         in workspace: inout PlanWorkspace) -> [String: FieldValue] {
        guard let row = workspace.row(lead) else { return [:] }
        var written: [String: FieldValue] = [:]
        for (field, value) in values.sorted(by: { $0.key < $1.key }) where value != .null && field != "created_at" {
            let current = row.values[FieldName(field)] ?? .null
            if current == .null || current.textValue?.isEmpty == true || current.listValue?.isEmpty == true { written[field] = value }
        }
        let status = row.values[FieldName("status")]
        written["status"] = workspace.value("new", for: .lead, field: "status", epoch: status.flatMap(StageValue.init)?.epoch ?? 0)
        let before = ["status", "owner_id", "pool_state", "branch_id"].reduce(into: [String: FieldValue]()) { kept, field in
            kept[field] = row.values[FieldName(field)] ?? .null
        }
        workspace.append(.auditLog, [
            "actor_id": .text(actor.rawValue), "device_id": .text(PlanWorkspace.serverDevice.rawValue),
            "action": .text("field_change"), "entity_type": .text("lead"), "entity_ids": .list([.text(lead.id.rawValue)]),
            "fields": .list(written.keys.sorted().map(FieldValue.text)), "before": .text(json(before)),
            "occurred_at": .integer(workspace.serverNow), "received_at": .integer(workspace.serverNow), "result": .text("ok"),
            "reason": .text("R-2.2: a lead of the same family was ingested; this lead takes its place and is distributed again"),
        ], author: actor)
        return written
    }

    // MARK: - Private

    private static func isLive(_ row: RowState) -> Bool {
        !row.isDeleted && row.values[FieldName("provisional")]?.boolValue != true
    }

    /// Whether an owner holds the record and was active on it within the window.
    private static func isHeld(_ row: RowState, now: Int64) -> Bool {
        guard row.values[FieldName("pool_state")]?.textValue == "private",
              let owner = row.values[FieldName("owner_id")]?.textValue, !owner.isEmpty else { return false }
        let lastActivity = row.values[FieldName("last_followup_at")]?.integerValue
            ?? row.values[FieldName("received_at")]?.integerValue
            ?? row.values[FieldName("created_at")]?.integerValue ?? .min
        return lastActivity >= now - overrideWindowMilliseconds
    }

    private static func json(_ values: [String: FieldValue]) -> String {
        (try? String(decoding: WireCoding.makeEncoder().encode(values), as: UTF8.self)) ?? "{}"
    }
}
