import Foundation
import GRDB
import OutpostCore
import OutpostProtocol
import OutpostReplica
import Testing

/// The laptop refuses the rows the server will refuse (`EntitySchema.problems(in:isNew:)`),
/// with the same stable code, and journals nothing of a refused edit.
@Suite struct ReplicaRowRuleTests {
    private let lead = EntityName("lead")

    private func makeReplica() throws -> Replica {
        let replica = try Replica(writer: DatabaseQueue())
        _ = try replica.configure(serverURL: URL(string: "http://127.0.0.1:1/")!, userID: UserID("u-wang"), token: "t")
        return replica
    }

    private func values(_ fields: [String: FieldValue]) -> [FieldName: FieldValue] {
        Dictionary(uniqueKeysWithValues: fields.map { (FieldName($0.key), $0.value) })
    }

    private func refusal(_ edit: () throws -> Void) -> (code: String?, field: String?) {
        do {
            try edit()
            return (nil, nil)
        } catch let ReplicaError.invalidEdit(_, field, code, _) {
            return (code, field.rawValue)
        } catch {
            return ("unexpected \(error)", nil)
        }
    }

    @Test func aNewLeadNeedsAHandleASourceAndTheReferrerOfAReferral() throws {
        let replica = try makeReplica()
        let noHandle = refusal { try replica.create(lead, values: values(["contact_name": .text("王妈妈"), "source_channel": .text("walk_in")])) }
        #expect(noHandle.code == "validation.required" && noHandle.field == "mobile")
        let noSource = refusal { try replica.create(lead, values: values(["contact_name": .text("王妈妈"), "mobile": .text("13812345678")])) }
        #expect(noSource.code == "validation.required" && noSource.field == "source_channel")
        let referral = refusal {
            try replica.create(lead, values: values(["contact_name": .text("王妈妈"), "mobile": .text("13812345678"), "source_channel": .text("referral")]))
        }
        #expect(referral.code == "validation.required" && referral.field == "referrer_customer_id")
        do {
            _ = try replica.create(lead, values: values(["remark": .text("只留了备注")]))
            Issue.record("a lead with no name, source or handle was recorded")
        } catch let error as ReplicaError {
            #expect(error.description.contains("these required fields are missing: contact_name, source_channel"), "every one at once: \(error)")
        }
        #expect(try replica.pendingCount() == 0)
        #expect(try replica.rows(lead).isEmpty)
    }

    @Test func everyRefusalCarriesItsStableCode() throws {
        let replica = try makeReplica()
        let id = try replica.create(lead, values: values(["contact_name": .text("王妈妈"), "mobile": .text("138 1234 5678"), "source_channel": .text("walk_in")]))
        #expect(refusal { try replica.update(lead, id: id, values: values(["mobile": .text("12345")])) }.code == "phone.invalid_format")
        #expect(refusal { try replica.update(lead, id: id, values: values(["telephone": .text("12345")])) }.code == "phone.invalid_landline")
        #expect(refusal { try replica.update(lead, id: id, values: values(["wechat_id": .text("1abc")])) }.code == "wechat.invalid_format")
        #expect(refusal { try replica.update(lead, id: id, values: values(["intent_level": .text("A+")])) }.code == "value.unknown_enum")
        #expect(refusal { try replica.update(lead, id: id, values: values(["owner_id": .text("u-wang")])) }.code == "change.server_owned_field")
        #expect(refusal { try replica.update(lead, id: id, values: values(["created_at": .integer(1)])) }.code == "change.immutable_field")
        // Clearing the only handle would leave the lead unreachable.
        let cleared = refusal { try replica.update(lead, id: id, values: values(["mobile": .null])) }
        #expect(cleared.code == "validation.required" && cleared.field == "mobile")
        #expect(ReplicaError.invalidEdit(entity: lead, field: FieldName("mobile"), code: "validation.required", reason: "x").code == "validation.required")
        // Another handle first, then the mobile may go.
        try replica.update(lead, id: id, values: values(["wechat_id": .text("wangmama_88")]))
        try replica.update(lead, id: id, values: values(["mobile": .null]))
    }

    @Test func aRowWithAnOldProblemStillTakesUnrelatedEdits() throws {
        let replica = try makeReplica()
        // A lead pulled from a server that predates: no source, no handle.
        let id = RowID("019ab8e1-d800-7abc-9def-0123456789ab")
        let name = FieldVersion(value: .text("王妈妈"), clock: HLCTimestamp(wallMilliseconds: 5, counter: 0, deviceID: DeviceID("z1")), author: UserID("u-zhao"))
        try replica.apply(PullPage(rows: [PulledRow(entity: lead, id: id, fields: ["contact_name": WireFieldVersion(name)])],
                                   nextCursor: PullCursor(rawValue: "c1.1"), hasMore: false))
        try replica.update(lead, id: id, values: values(["remark": .text("called back")]))
        #expect(try replica.row(lead, id: id)?.values[FieldName("remark")] == .text("called back"))
    }

    @Test func aFollowUpCannotPlanTheNextOneBeforeItself() throws {
        let replica = try makeReplica()
        let followUp: [String: FieldValue] = [
            "subject_type": .text("lead"), "subject_id": .text("l1"), "author_id": .text("u-wang"), "method": .text("phone"),
            "content": .text("电话沟通"), "occurred_at": .integer(10_000), "next_followup_at": .integer(9_000),
        ]
        let refused = refusal { try replica.create(EntityName("follow_up"), values: values(followUp)) }
        #expect(refused.code == "followup.next_time_in_past" && refused.field == "next_followup_at")
        var later = followUp
        later["next_followup_at"] = .integer(20_000)
        try replica.create(EntityName("follow_up"), values: values(later))
    }

    /// A lead becomes converted or invalid, an opportunity won, only through their commands:
    /// the laptop refuses the plain edit as the server would (`field.command_only`), and
    /// journals nothing, so the lead is not shown as converted (and read-only) until a sync.
    @Test func aCommandOnlyValueIsRefusedAsAPlainEdit() throws {
        let replica = try makeReplica()
        let id = try replica.create(lead, values: values(["contact_name": .text("王妈妈"), "mobile": .text("13812345678"), "source_channel": .text("walk_in")]))
        let pending = try replica.pendingCount()
        for word in ["converted", "invalid"] {
            let refused = refusal { try replica.update(lead, id: id, values: values(["status": StageValue(epoch: 0, stage: word).fieldValue])) }
            #expect(refused.code == "field.command_only" && refused.field == "status")
        }
        #expect(try replica.pendingCount() == pending)
        try replica.update(lead, id: id, values: values(["status": StageValue(epoch: 0, stage: "contacting").fieldValue]))
        #expect(try replica.row(lead, id: id)?.values[FieldName("status")] == StageValue(epoch: 0, stage: "contacting").fieldValue)
    }

    /// An appointment cannot end before it starts, created or edited (same code as the server's).
    @Test func anAppointmentCannotEndBeforeItStarts() throws {
        let replica = try makeReplica()
        let appointment = EntityName("appointment")
        func schedule(_ start: Int64, _ end: Int64) -> FieldValue { .object(["start": .integer(start), "end": .integer(end)]) }
        let fields = values([
            "kind": .text("visit_invitation"), "lead_id": .text("l-1"), "campus_id": .text("ou-hd"), "status": .text("scheduled"),
            "invited_by_id": .text("u-wang"), "schedule": schedule(1_798_000_000_000, 1_797_990_000_000),
        ])
        let backwards = refusal { try replica.create(appointment, values: fields) }
        #expect(backwards.code == "appointment.ends_before_start" && backwards.field == "schedule")
        var good = fields
        good[FieldName("schedule")] = schedule(1_798_000_000_000, 1_798_003_600_000)
        let id = try replica.create(appointment, values: good)
        let edited = refusal { try replica.update(appointment, id: id, values: values(["schedule": schedule(1_798_000_000_000, 1)])) }
        #expect(edited.code == "appointment.ends_before_start")
    }

    /// Moving a stage back by an edit is refused at once (`change.outranked`, spec §9.3), not
    /// shown as saved and then dropped by the merge.
    @Test func aStageMovedBackByAnEditIsRefused() throws {
        let replica = try makeReplica()
        let id = try replica.create(lead, values: values(["contact_name": .text("王妈妈"), "mobile": .text("13812345678"), "source_channel": .text("walk_in")]))
        try replica.update(lead, id: id, values: values(["status": StageValue(epoch: 0, stage: "qualified").fieldValue]))
        let pending = try replica.pendingCount()
        let back = refusal { try replica.update(lead, id: id, values: values(["status": StageValue(epoch: 0, stage: "contacting").fieldValue])) }
        #expect(back.code == "change.outranked" && back.field == "status")
        #expect(try replica.pendingCount() == pending)
        #expect(try replica.row(lead, id: id)?.values[FieldName("status")] == StageValue(epoch: 0, stage: "qualified").fieldValue)
    }

    /// DOMAIN §1.4 on the laptop: a customer's type is fixed once the laptop holds a child of it.
    @Test func aCustomersTypeIsFixedOnceItHasAChild() throws {
        let replica = try makeReplica()
        let customer = EntityName("customer")
        let clock = HLCTimestamp(wallMilliseconds: 1_000, counter: 0, deviceID: DeviceID("server"))
        func pulled(_ entity: String, _ id: String, _ fields: [String: FieldValue]) -> PulledRow {
            PulledRow(entity: EntityName(entity), id: RowID(id), fields: fields.mapValues { WireFieldVersion(FieldVersion(value: $0, clock: clock, author: UserID("system"))) })
        }
        let family: [String: FieldValue] = ["customer_type": .text("family"), "name": .text("王家"), "branch_id": .text("ou-hd"),
                                            "pool_state": .text("private"), "deal_status": .text("not_won"), "locked": .bool(false),
                                            "lifecycle_stage": .text("acquisition")]
        try replica.apply(PullPage(rows: [
            pulled("customer", "k-1", family), pulled("customer", "k-2", family),
            pulled("contact", "c-1", ["customer_id": .text("k-1"), "name": .text("王妈妈"), "relation": .text("mother")]),
        ], nextCursor: PullCursor(rawValue: "c1.3.3"), hasMore: false))
        let fixed = refusal { try replica.update(customer, id: RowID("k-1"), values: values(["customer_type": .text("organization")])) }
        #expect(fixed.code == "customer.type_fixed" && fixed.field == "customer_type")
        try replica.update(customer, id: RowID("k-2"), values: values(["customer_type": .text("organization")]))
        #expect(try replica.row(customer, id: RowID("k-2"))?.values[FieldName("customer_type")] == .text("organization"))
    }
}
