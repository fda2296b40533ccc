import OutpostCore
import OutpostDomain
import Testing

/// A role's words are checked by row rules (DOMAIN §1.2): an unknown data scope and a
/// malformed field access entry are refused with stable codes and a message saying what to write.
@Suite struct RoleSchemaTests {
    private let role = OutpostSchema.Role.schema

    private func problems(scope: String = "own_unit", access: [String] = []) -> [RowProblem] {
        role.problems(in: [FieldName("name"): .text("主管"), FieldName("data_scope"): .text(scope),
                           FieldName("field_access"): .list(access.map(FieldValue.text)), FieldName("status"): .text("active")],
                      isNew: true)
    }

    @Test(arguments: DataScope.words)
    func everyDataScopeWordIsAccepted(scope: String) {
        #expect(problems(scope: scope, access: ["lead.mobile=hidden", "customer.remark=read", "lead.remark=write"]).isEmpty)
    }

    @Test func anUnknownDataScopeIsRefusedNamingTheWords() {
        #expect(problems(scope: "everyone") == [RowProblem(code: "role.unknown_data_scope", field: FieldName("data_scope"),
            message: "'everyone' is not a data scope. Use one of self, self_and_subordinates, own_unit, unit_subtree, company.")])
    }

    @Test(arguments: ["lead.mobile", "lead.mobile=secret", "mobile=hidden", "lead.=read", ".mobile=read", "lead.mobile=hidden=read",
                      "lead.mo bile=read", "lead.x.mobile=read"])
    func aMalformedFieldAccessEntryIsRefused(entry: String) {
        #expect(problems(access: ["lead.remark=read", entry]).map(\.code) == ["role.invalid_field_access"])
        #expect(FieldAccess(parsing: entry) == nil)
    }

    @Test func anEntryNamingNoFieldIsRefused() {
        #expect(problems(access: ["lead.shoe_size=hidden"]) == [RowProblem(code: "role.invalid_field_access", field: FieldName("field_access"),
            message: "'lead.shoe_size=hidden' names no field of the schema: there is no lead.shoe_size.")])
    }

    @Test func anEntryReadsBackAsWritten() throws {
        let access = try #require(FieldAccess(parsing: "customer.mobile=read"))
        #expect(access == FieldAccess(entity: EntityName("customer"), field: FieldName("mobile"), level: .read))
        #expect(access.description == "customer.mobile=read")
        #expect(FieldAccess.Level.hidden < .read && FieldAccess.Level.read < .write)
    }

    @Test func everyRoleFieldIsServerOwned() {
        #expect(role.dataFields.allSatisfy { !$0.isClientWritable }, "permissions are never granted offline")
    }
}
