import OutpostCore
import OutpostDomain
import Testing

/// Schema 2 declares every entity of DOMAIN.md §1 that sales touches, adds the envelope, and
/// gives each field of DOMAIN §3.3 the policy the table names.
@Suite struct OutpostSchemaTests {
    private let schema = OutpostSchema.current

    private func field(_ entity: String, _ name: String) throws -> FieldSchema {
        let declared = try #require(schema.entity(EntityName(entity)), "no entity \(entity)")
        return try #require(declared.field(FieldName(name)), "no field \(entity).\(name)")
    }

    @Test func declaresEveryEntitySalesTouches() {
        let expected: [String: EntitySchema.Kind] = [
            "org_unit": .mutable, "user": .mutable, "role": .mutable, "lead": .mutable, "customer": .mutable, "student": .mutable,
            "contact": .mutable, "opportunity": .mutable, "opportunity_stage_change": .appendOnly, "follow_up": .appendOnly,
            "appointment": .mutable, "trial_session": .mutable, "check_in": .appendOnly, "pool": .mutable,
            "pool_rule": .mutable, "ownership_event": .appendOnly, "tag": .mutable, "audit_log": .appendOnly,
            "enrollment_order": .mutable, "course": .mutable, "campaign": .mutable, "suspected_duplicate": .mutable,
            "notification": .mutable, "record_share": .mutable,
        ]
        #expect(Set(schema.entities.map(\.name.rawValue)) == Set(expected.keys))
        for entity in schema.entities {
            #expect(entity.kind == expected[entity.name.rawValue], "\(entity.name) kind")
        }
        #expect(schema.version == 7)
    }

    @Test func everyEntityCarriesTheEnvelope() throws {
        for entity in schema.entities {
            let createdBy = try #require(entity.field(FieldName("created_by")), "\(entity.name).created_by")
            #expect(createdBy.policy.name == "serverOwned")
            #expect(createdBy.type == .reference(EntityName("user")))
            if entity.kind == .mutable {
                let merged = try #require(entity.field(FieldName("merged_into_id")), "\(entity.name).merged_into_id")
                #expect(merged.policy.name == "serverOwned")
                #expect(merged.type == .reference(entity.name))
                #expect(entity.field(.deleted)?.policy.name == "lastWriterWins")
            } else {
                #expect(entity.field(FieldName("merged_into_id")) == nil)
                #expect(entity.field(.deleted) == nil)
            }
            #expect(entity.dataFields.allSatisfy { !EntitySchema.envelopeFieldNames.contains($0.name) })
        }
    }

    @Test func appendOnlyEntitiesKeepServerOwnedFieldsServerOwned() throws {
        #expect(try field("follow_up", "received_at").policy.name == "serverOwned")
        #expect(try field("follow_up", "redacted").policy.name == "serverOwned")
        #expect(try field("follow_up", "content").policy.name == "appendOnly")
        #expect(try field("check_in", "flags").policy.name == "serverOwned")
        #expect(try field("check_in", "distance_to_subject_m").policy.name == "serverOwned")
        #expect(try field("check_in", "lat").policy.name == "appendOnly")
        #expect(try field("audit_log", "client_ip").policy.name == "serverOwned")
        // Written by the server only.
        let ownership = try #require(schema.entity(EntityName("ownership_event")))
        #expect(ownership.fields.allSatisfy { $0.policy.name == "serverOwned" })
    }

    /// DOMAIN §3.3 and the entity tables: the fields with a non-default policy.
    @Test(arguments: [
        ("lead", "owner_id", "serverOwned"), ("lead", "pool_state", "serverOwned"), ("lead", "pool_id", "serverOwned"),
        ("lead", "branch_id", "serverOwned"), ("customer", "owner_id", "serverOwned"), ("customer", "pool_state", "serverOwned"),
        ("customer", "pool_id", "serverOwned"), ("customer", "branch_id", "serverOwned"), ("opportunity", "owner_id", "serverOwned"),
        ("opportunity", "branch_id", "serverOwned"), ("lead", "status", "forwardOnly"), ("opportunity", "stage", "forwardOnly"),
        ("opportunity", "outcome", "precedence"), ("appointment", "status", "precedence"),
        ("appointment", "trial_session_id", "serverOwned"), ("appointment", "waitlisted", "serverOwned"),
        ("contact", "do_not_contact", "trueWins"),
        ("lead", "tags", "addWinsSet"), ("customer", "tags", "addWinsSet"), ("contact", "tags", "addWinsSet"),
        ("lead", "interest_courses", "addWinsSet"), ("student", "interests", "addWinsSet"), ("org_unit", "region_codes", "addWinsSet"),
        ("lead", "address", "lastWriterWins"), ("customer", "address", "lastWriterWins"),
        ("org_unit", "campus_geo", "lastWriterWins"), ("appointment", "schedule", "lastWriterWins"),
        ("lead", "source_channel", "lastWriterWins"), ("lead", "referrer_customer_id", "lastWriterWins"),
        ("student", "customer_id", "immutable"), ("contact", "customer_id", "immutable"),
        ("lead", "score", "serverOwned"), ("lead", "grade", "serverOwned"), ("lead", "last_followup_at", "serverOwned"),
        ("lead", "received_at", "serverOwned"), ("lead", "intent_touch_count", "serverOwned"), ("customer", "deal_status", "serverOwned"),
        ("customer", "rfm_code", "serverOwned"), ("customer", "lifecycle_stage", "serverOwned"), ("customer", "locked", "serverOwned"),
        ("lead", "duplicate_of_id", "serverOwned"), ("lead", "converted_customer_id", "serverOwned"),
        ("trial_session", "booked_count", "serverOwned"), ("appointment", "kind", "immutable"),
        ("appointment", "invited_by_id", "immutable"), ("suspected_duplicate", "status", "lastWriterWins"),
        ("suspected_duplicate", "subject_id", "serverOwned"), ("suspected_duplicate", "other_id", "serverOwned"),
        ("suspected_duplicate", "key", "serverOwned"), ("user", "org_unit_id", "serverOwned"), ("user", "role_ids", "serverOwned"),
        ("user", "name", "lastWriterWins"), ("user", "allocation_weight", "lastWriterWins"),
        ("customer", "provisional", "lastWriterWins"), ("contact", "provisional", "lastWriterWins"),
        ("student", "provisional", "lastWriterWins"), ("opportunity", "provisional", "lastWriterWins"),
        ("opportunity", "reopen_epoch", "serverOwned"), ("opportunity", "win_probability", "serverOwned"),
    ])
    func fieldHasThePolicyDomainNames(entity: String, name: String, policy: String) throws {
        #expect(try field(entity, name).policy.name == policy)
    }

    @Test func appendOnlyFactsAreAppendOnly() {
        for name in ["follow_up", "check_in", "ownership_event", "opportunity_stage_change", "audit_log"] {
            #expect(schema.entity(EntityName(name))?.kind == .appendOnly, "\(name)")
        }
    }

    @Test func rankedFieldsDeclareTheirOrder() throws {
        #expect(try field("lead", "status").type == .stage(["new", "contacting", "qualified", "invalid", "converted"]))
        #expect(OutpostSchema.Lead.commandOnlyValues[FieldName("status")] == ["invalid", "converted"])
        #expect(try field("opportunity", "stage").type == .stage(["initial_contact", "intent_confirmed", "negotiation", "won"]))
        #expect((try field("opportunity", "outcome").policy.rule as? PrecedenceLattice)?.order == ["open", "invalid", "lost", "won"])
        #expect((try field("appointment", "status").policy.rule as? PrecedenceLattice)?.order
            == ["scheduled", "confirmed", "no_show", "cancelled", "attended"])
        #expect((try field("lead", "status").policy.rule as? ForwardOnly)?.stages == ["new", "contacting", "qualified", "invalid", "converted"])
    }

    @Test func compositesAreOneFieldEach() throws {
        #expect(try field("lead", "address").type == .composite(["text": .text(maximumLength: 256), "district_code": .text(maximumLength: 6)]))
        guard case .composite(let customer) = try field("customer", "address").type else { Issue.record("customer.address"); return }
        #expect(Set(customer.keys) == ["text", "district_code", "lat", "lon", "coord_system"])
        guard case .composite(let campus) = try field("org_unit", "campus_geo").type else { Issue.record("campus_geo"); return }
        #expect(Set(campus.keys) == ["address", "lat", "lon", "coord_system"])
        #expect(try field("appointment", "schedule").type == .composite(["start": .timestamp, "end": .timestamp]))
    }

    @Test func newTypesAreUsedWhereDomainSaysSo() throws {
        #expect(try field("opportunity", "amount_fen").type == .money)
        #expect(try field("enrollment_order", "amount_fen").type == .money)
        #expect(try field("student", "birth_date").type == .date)
        #expect(try field("opportunity", "expected_close_date").type == .date)
        #expect(try field("check_in", "lat").type == .real(range: -90...90))
        #expect(try field("follow_up", "contact_ids").type == .list(of: .reference(EntityName("contact")), maximumCount: 20))
        #expect(try field("lead", "telephone").type == .formatted(.landline))
        #expect(try field("lead", "wechat_id").type == .formatted(.wechatID))
    }

    @Test(arguments: [
        ("lead", "mobile"), ("lead", "wechat_id"), ("lead", "owner_id"), ("customer", "mobile"), ("customer", "owner_id"),
        ("contact", "mobile"), ("contact", "wechat_id"), ("contact", "customer_id"), ("follow_up", "subject_id"),
        ("check_in", "subject_id"), ("opportunity", "customer_id"), ("appointment", "lead_id"), ("appointment", "customer_id"),
        ("appointment", "trial_session_id"), ("student", "customer_id"), ("ownership_event", "subject_id"),
        ("ownership_event", "actor_id"), ("audit_log", "actor_id"), ("opportunity_stage_change", "opportunity_id"),
    ])
    func lookupKeysAreIndexed(entity: String, name: String) throws {
        #expect(try field(entity, name).isIndexed)
    }

    @Test func plainFieldsAreNotIndexed() throws {
        #expect(try !field("lead", "remark").isIndexed)
        #expect(try !field("lead", "contact_name").isIndexed)
    }
}
