import OutpostCore
import OutpostDomain
import Testing

/// Whole-row rules (DOMAIN §2.1 and the required fields): a good
/// row of each entity passes, and each bad row gets its stable code naming the field to fix.
@Suite struct RowRuleTests {
    /// A good new row of each entity clients create, as people would type it.
    static let goodRows: [String: [String: FieldValue]] = [
        "lead": ["contact_name": .text("王妈妈"), "mobile": .text("+86 138-1234-5678"), "source_channel": .text("walk_in")],
        "customer": ["customer_type": .text("family"), "name": .text("王小明家")],
        "student": ["customer_id": .text("k1"), "name": .text("王小明"), "birth_date": .text("2016-05-01")],
        "contact": ["customer_id": .text("k1"), "name": .text("王妈妈"), "relation": .text("mother")],
        "opportunity": ["customer_id": .text("k1"), "name": .text("小明 2025 暑期编程课"),
                        "stage": StageValue(epoch: 0, stage: "initial_contact").fieldValue, "outcome": .text("open"),
                        "amount_fen": .integer(1_288_000)],
        "follow_up": ["subject_type": .text("lead"), "subject_id": .text("l1"), "author_id": .text("u-wang"), "method": .text("phone"),
                      "content": .text("想了解数学思维课"), "occurred_at": .integer(1_000), "next_followup_at": .integer(2_000)],
        "appointment": ["kind": .text("trial_class"), "lead_id": .text("l1"), "student_id": .text("s1"), "campus_id": .text("c1"),
                        "schedule": .object(["start": .integer(1_000), "end": .integer(2_000)]), "status": .text("scheduled"),
                        "invited_by_id": .text("u-wang")],
        "check_in": ["user_id": .text("u-sun"), "kind": .text("arrive"), "lat": .real(39.98), "lon": .integer(116),
                     "coord_system": .text("wgs84"), "horizontal_accuracy_m": .real(120), "location_status": .text("fixed"),
                     "device_time": .integer(1_000), "occurred_at": .integer(1_000)],
        "tag": ["name": .text("编程"), "kind": .text("manual"), "status": .text("active")],
    ]

    private func problems(_ entity: String, _ values: [String: FieldValue], isNew: Bool = true) throws -> [RowProblem] {
        let schema = try #require(OutpostSchema.current.entity(EntityName(entity)))
        var canonical: [FieldName: FieldValue] = [:]
        for (name, value) in values {
            canonical[FieldName(name)] = try OutpostSchema.current.validate(entity: schema.name, field: FieldName(name), value: value).value
        }
        return schema.problems(in: canonical, isNew: isNew)
    }

    private func row(_ entity: String, _ changes: [String: FieldValue?]) -> [String: FieldValue] {
        var row = Self.goodRows[entity]!
        for (name, value) in changes { row[name] = value }
        return row
    }

    @Test(arguments: goodRows.keys.sorted())
    func aGoodRowHasNoProblem(entity: String) throws {
        #expect(try problems(entity, Self.goodRows[entity]!) == [])
    }

    @Test func serverOwnedOnlyEntitiesAskNothingOfClients() throws {
        for entity in ["user", "org_unit", "pool", "pool_rule", "ownership_event", "enrollment_order", "course", "campaign", "trial_session"] {
            let schema = try #require(OutpostSchema.current.entity(EntityName(entity)))
            let clientRequired = schema.dataFields.filter { $0.isRequired && $0.isClientWritable }.map(\.name.rawValue)
            #expect(schema.problems(in: [:], isNew: true).map(\.field.rawValue) == clientRequired, "\(entity)")
        }
    }

    /// (entity, changes to the good row, expected code, field it names)
    @Test(arguments: [
        // a name, one handle, a source, the referrer of a referral.
        ("lead", ["contact_name": nil], "validation.required", "contact_name"),
        ("lead", ["mobile": nil], "validation.required", "mobile"),
        ("lead", ["source_channel": nil], "validation.required", "source_channel"),
        ("lead", ["source_channel": .text("referral")], "validation.required", "referrer_customer_id"),
        ("lead", ["contact_name": .text("   ")], "validation.required", "contact_name"),
        ("customer", ["name": nil], "validation.required", "name"),
        ("student", ["customer_id": nil], "validation.required", "customer_id"),
        ("contact", ["relation": nil], "validation.required", "relation"),
        //
        ("opportunity", ["outcome": .text("lost")], "validation.required", "lost_reason"),
        ("opportunity", ["stage": nil], "validation.required", "stage"),
        //
        ("follow_up", ["next_followup_at": .integer(999)], "followup.next_time_in_past", "next_followup_at"),
        ("follow_up", ["content": nil], "validation.required", "content"),
        ("follow_up", ["method": nil], "validation.required", "method"),
        // One subject, and a trial class needs its student.
        ("appointment", ["lead_id": nil], "validation.required", "customer_id"),
        ("appointment", ["student_id": nil], "validation.required", "student_id"),
        ("appointment", ["schedule": nil], "validation.required", "schedule"),
        //
        ("check_in", ["lat": nil], "validation.required", "lat"),
        ("check_in", ["coord_system": nil], "validation.required", "coord_system"),
        ("check_in", ["horizontal_accuracy_m": nil], "validation.required", "horizontal_accuracy_m"),
        ("check_in", ["horizontal_accuracy_m": .real(-1)], "checkin.invalid_accuracy", "horizontal_accuracy_m"),
        ("check_in", ["horizontal_accuracy_m": .integer(0)], "checkin.invalid_accuracy", "horizontal_accuracy_m"),
        ("check_in", ["subject_id": .text("k1")], "validation.required", "subject_name_snapshot"),
    ] as [(String, [String: FieldValue?], String, String)])
    func aBadRowGetsItsCode(entity: String, changes: [String: FieldValue?], code: String, field: String) throws {
        let found = try problems(entity, row(entity, changes))
        #expect(found.map(\.code) == [code], "\(entity) \(changes)")
        #expect(found.map(\.field.rawValue) == [field], "\(entity) \(changes)")
    }

    @Test func goodVariantsPass() throws {
        // Any one handle will do, and a referral with its referrer is fine.
        #expect(try problems("lead", row("lead", ["mobile": nil, "wechat_id": .text("wangmama_88")])) == [])
        #expect(try problems("lead", row("lead", ["mobile": nil, "telephone": .text("010-12345678")])) == [])
        #expect(try problems("lead", row("lead", ["source_channel": .text("referral"), "referrer_customer_id": .text("k6")])) == [])
        #expect(try problems("opportunity", row("opportunity", ["outcome": .text("lost"), "lost_reason": .text("chose a competitor")])) == [])
        #expect(try problems("follow_up", row("follow_up", ["next_followup_at": .integer(1_000)])) == [])
        #expect(try problems("appointment", row("appointment", ["kind": .text("visit_invitation"), "student_id": nil])) == [])
        #expect(try problems("appointment", row("appointment", ["lead_id": nil, "customer_id": .text("k1")])) == [])
        // An honest "no fix" needs no point (an offline laptop without Wi-Fi).
        #expect(try problems("check_in", row("check_in", ["lat": nil, "lon": nil, "coord_system": nil, "horizontal_accuracy_m": nil,
                                                          "location_status": .text("unavailable")])) == [])
        #expect(try problems("check_in", row("check_in", ["subject_id": .text("k1"), "subject_name_snapshot": .text("王小明家")])) == [])
    }

    @Test func anExistingRowOnlyMissesWhatWasCleared() throws {
        // An edit of an old row checks the whole row, but absent fields were never written.
        #expect(try problems("lead", ["remark": .text("called")], isNew: false).map(\.code) == ["validation.required"])
        #expect(try problems("customer", ["remark": .text("called")], isNew: false) == [])
        let cleared = try #require(OutpostSchema.current.entity(EntityName("customer")))
            .problems(in: [FieldName("name"): .null], isNew: false)
        #expect(cleared == [RowProblem.required(FieldName("name"), entity: EntityName("customer"))])
    }

    @Test func messagesSayWhatToDo() {
        #expect(RowProblem.required(FieldName("mobile"), entity: EntityName("lead"), because: "or one of wechat_id, telephone").message
            == "A lead needs 'mobile' or one of wechat_id, telephone. Fill it in and save again.")
        #expect(RowProblem.required(FieldName("lost_reason"), entity: EntityName("opportunity")).message
            == "An opportunity needs 'lost_reason'. Fill it in and save again.")
        #expect(RowProblem.requiredCode == "validation.required")
        #expect(OutpostSchema.FollowUp.nextTimeInPastCode == "followup.next_time_in_past")
        #expect(OutpostSchema.CheckIn.invalidAccuracyCode == "checkin.invalid_accuracy")
    }
}
