import OutpostCore
import OutpostDomain
import Testing

/// Bad input, entity by entity, as a laptop or a stale client would send it: each is refused
/// with its stable code, by the same checks the replica and the server run
/// (`Schema.validate`, then the field's merge policy).
@Suite struct BadInputPerEntityTests {
    private static let clock = HLCTimestamp(wallMilliseconds: 10, counter: 0, deviceID: DeviceID("w1"))

    /// (entity, field, value, expected code): values that do not fit the field.
    @Test(arguments: [
        // Wrong types.
        ("lead", "contact_name", FieldValue.integer(5), "change.invalid_value"),
        ("lead", "next_followup_at", .text("tomorrow"), "change.invalid_value"),
        ("customer", "address", .object(["text": .text("海淀区")]), "change.invalid_value"),
        ("student", "school_entry_year", .text("2019"), "change.invalid_value"),
        ("contact", "is_payer", .text("yes"), "change.invalid_value"),
        ("opportunity", "stage", .text("negotiation"), "change.invalid_value"),
        ("opportunity", "amount_fen", .real(99.5), "change.invalid_value"),
        ("follow_up", "contact_ids", .text("c1"), "change.invalid_value"),
        ("follow_up", "duration_s", .integer(-5), "change.invalid_value"),
        ("appointment", "schedule", .object(["start": .text("10:00"), "end": .integer(2)]), "change.invalid_value"),
        ("check_in", "lat", .real(95), "change.invalid_value"),
        ("check_in", "lon", .text("116.3"), "change.invalid_value"),
        ("org_unit", "campus_geo", .object(["address": .text("x"), "lat": .real(1), "lon": .real(1)]), "change.invalid_value"),
        ("lead", "tags", .list([.text("vip")]), "change.invalid_value"),
        ("suspected_duplicate", "status", .bool(true), "change.invalid_value"),
        // Unknown enum words.
        ("lead", "intent_level", .text("A+"), "value.unknown_enum"),
        ("lead", "source_channel", .text("tiktok"), "value.unknown_enum"),
        ("lead", "status", StageValue(epoch: 0, stage: "hot").fieldValue, "value.unknown_enum"),
        ("customer", "customer_type", .text("school"), "value.unknown_enum"),
        ("contact", "relation", .text("uncle"), "value.unknown_enum"),
        ("opportunity", "outcome", .text("abandoned"), "value.unknown_enum"),
        ("opportunity", "stage", StageValue(epoch: 0, stage: "签约").fieldValue, "value.unknown_enum"),
        ("follow_up", "method", .text("call"), "value.unknown_enum"),
        ("follow_up", "subject_type", .text("student"), "value.unknown_enum"),
        ("appointment", "status", .text("done"), "value.unknown_enum"),
        ("check_in", "coord_system", .text("mars"), "value.unknown_enum"),
        ("customer", "address", .object(["text": .null, "district_code": .null, "lat": .null, "lon": .null, "coord_system": .text("mars")]),
         "value.unknown_enum"),
        ("suspected_duplicate", "status", .text("merged"), "value.unknown_enum"),
        // Bad phones and WeChat ids.
        ("lead", "mobile", .text("12812345678"), "phone.invalid_format"),
        ("customer", "mobile", .text("1381234567"), "phone.invalid_format"),
        ("contact", "mobile", .text("+1 415 555 0100"), "phone.invalid_format"),
        ("lead", "telephone", .text("12345678"), "phone.invalid_landline"),
        ("contact", "telephone", .text("010-123"), "phone.invalid_landline"),
        ("lead", "wechat_id", .text("1wang"), "wechat.invalid_format"),
        ("contact", "wechat_id", .text("王妈妈微信"), "wechat.invalid_format"),
        // Negative money, impossible dates.
        ("opportunity", "amount_fen", .integer(-100), "money.negative"),
        ("student", "birth_date", .text("2016-02-30"), "date.invalid"),
        ("opportunity", "expected_close_date", .text("next week"), "date.invalid"),
        // Unknown names.
        ("lead", "nickname", .text("x"), "change.unknown_field"),
        ("invoice", "amount", .integer(1), "change.unknown_entity"),
    ] as [(String, String, FieldValue, String)])
    func aValueThatDoesNotFitGetsItsCode(entity: String, field: String, value: FieldValue, code: String) {
        #expect(throws: ChangeRejection.self) {
            _ = try OutpostSchema.current.validate(entity: EntityName(entity), field: FieldName(field), value: value)
        }
        do {
            _ = try OutpostSchema.current.validate(entity: EntityName(entity), field: FieldName(field), value: value)
        } catch {
            #expect(error.code == code, "\(entity).\(field) = \(value)")
        }
    }

    /// (entity, field, value): fields only the server writes, whatever the value.
    @Test(arguments: [
        ("lead", "owner_id", FieldValue.text("u-wang")), ("lead", "pool_state", .text("private")), ("lead", "score", .integer(90)),
        ("lead", "intent_touch_count", .integer(2)), ("customer", "deal_status", .text("won")), ("customer", "locked", .bool(true)),
        ("student", "enrollment_status", .text("enrolled")), ("contact", "owner_id", .text("u-wang")),
        ("opportunity", "reopen_epoch", .integer(1)), ("appointment", "trial_session_id", .text("ts1")),
        ("appointment", "waitlisted", .bool(false)), ("follow_up", "received_at", .integer(5)), ("check_in", "flags", .list([])),
        ("user", "org_unit_id", .text("b1")), ("pool", "daily_claim_limit", .integer(3)), ("ownership_event", "action", .text("claim")),
        ("suspected_duplicate", "other_id", .text("k3")), ("lead", "created_by", .text("u-wang")), ("lead", "merged_into_id", .text("l4")),
        ("enrollment_order", "amount_fen", .integer(100)), ("course", "name", .text("编程")),
    ] as [(String, String, FieldValue)])
    func aWriteToAServerOwnedFieldIsRefused(entity: String, field: String, value: FieldValue) throws {
        let (schema, canonical) = try OutpostSchema.current.validate(entity: EntityName(entity), field: FieldName(field), value: value)
        #expect(schema.policy.name == "serverOwned")
        let decision = FieldMerge.resolve(change(entity, field, canonical), current: nil, policy: schema.policy).decision
        #expect(decision == .reject(.serverOwnedField))
        #expect(ChangeRejection.serverOwnedField.code == "change.server_owned_field")
    }

    /// (entity, field, stored value, new value): fields set once, at creation.
    @Test(arguments: [
        ("lead", "created_at", FieldValue.integer(1), FieldValue.integer(2)),
        ("student", "customer_id", .text("k1"), .text("k2")),
        ("contact", "customer_id", .text("k1"), .text("k2")),
        ("opportunity", "customer_id", .text("k1"), .text("k2")),
        ("appointment", "kind", .text("trial_class"), .text("assessment")),
        ("appointment", "invited_by_id", .text("u-wang"), .text("u-zhao")),
        ("follow_up", "content", .text("原话"), .text("改过")),
        ("check_in", "lat", .real(1), .real(2)),
        ("audit_log", "action", .text("export"), .text("print")),
    ] as [(String, String, FieldValue, FieldValue)])
    func aChangeToAnImmutableFieldIsRefused(entity: String, field: String, stored: FieldValue, new: FieldValue) throws {
        let (schema, canonical) = try OutpostSchema.current.validate(entity: EntityName(entity), field: FieldName(field), value: new)
        let current = FieldVersion(value: stored, clock: Self.clock, author: UserID("u-wang"))
        let decision = FieldMerge.resolve(change(entity, field, canonical), current: current, policy: schema.policy).decision
        #expect(decision == .reject(.immutableField))
        #expect(ChangeRejection.immutableField.code == "change.immutable_field")
    }

    private func change(_ entity: String, _ field: String, _ value: FieldValue) -> FieldChange {
        FieldChange(entity: EntityName(entity), rowID: RowID("r"), field: FieldName(field),
                    version: FieldVersion(value: value, clock: HLCTimestamp(wallMilliseconds: 20, counter: 0, deviceID: DeviceID("z1")),
                                          author: UserID("u-zhao")), base: nil)
    }
}
