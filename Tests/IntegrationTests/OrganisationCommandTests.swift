import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OutpostCore
import OutpostProtocol
import OutpostDomain
import OutpostServer
import OutpostTestSupport
import Testing

/// `outpost-server units add`, `roles add`, `users add --role` and `users allocation`, end to
/// end on the built executable and both stores: the rows land, and bad input is refused saying what to pass.
@Suite struct OrganisationCommandTests {
    @Test(arguments: StoreKind.allCases)
    func anAdministratorBuildsTheTreeAndItsRolesFromTheCommandLine(store: StoreKind) async throws {
        let directory = try makeTemporaryDirectory("outpost-org-admin")
        defer { try? FileManager.default.removeItem(at: directory) }   // best effort cleanup
        // The cluster starts (with system()) before any process of this test does, whichever store it runs on.
        let shared = try await TestPostgres.shared()
        let cluster = store == .postgres ? shared : nil
        let postgresDatabase = try await cluster?.createDatabase()
        let database = try postgresDatabase.map { try #require(cluster).url(database: $0) }
            ?? directory.appendingPathComponent("server.sqlite").path
        let password = directory.appendingPathComponent("password.txt")
        try Data("a-good-password-1".utf8).write(to: password)

        for (id, kind, parent) in [("ou-q", "company", nil), ("ou-b", "branch", "ou-q"), ("ou-c", "campus", "ou-b"), ("ou-t", "team", "ou-c")] {
            let added = try await ServerProcess.run(["units", "add", "--db", database, "--id", id, "--name", id, "--kind", kind]
                                                     + (parent.map { ["--parent", $0] } ?? []))
            #expect(added.contains("Added \(kind) \(id)."))
        }
        #expect(await failure(["units", "add", "--db", database, "--id", "ou-x", "--name", "X", "--kind", "district", "--parent", "ou-b"])
            .contains("'district' is not a unit kind. Pass --kind company, branch, campus or team."))
        #expect(await failure(["units", "add", "--db", database, "--id", "ou-x", "--name", "X", "--kind", "team", "--parent", "ou-nowhere"])
            .contains("There is no org unit 'ou-nowhere'. Check the id, or add the unit first with `outpost-server units add`."))
        #expect(await failure(["units", "add", "--db", database, "--id", "ou-x", "--name", "X", "--kind", "team"])
            .contains("A team needs a parent unit: pass --parent with the id of the unit above it."))
        #expect(await failure(["units", "add", "--db", database, "--id", "ou-x", "--name", "X", "--kind", "branch", "--parent", "ou-t"])
            .contains("A branch cannot sit under 'ou-t', a team: the tree runs company › branch › campus › team."))
        #expect(await failure(["units", "add", "--db", database, "--id", "ou-x", "--name", "X", "--kind", "team", "--parent", "ou-c", "--timezone", "Not/AZone"])
            .contains("'Not/AZone' is not a time zone."))
        #expect(await failure(["units", "add", "--db", database, "--id", "ou-x", "--name", "  ", "--kind", "team", "--parent", "ou-c"])
            .contains("The name is empty."))
        #expect(try await ServerProcess.run(["units", "set", "--db", database, "--id", "ou-b", "--add-region", "110108", "--name", "海淀分校"])
            .contains("Changed unit ou-b: name, region_codes."))
        #expect(await failure(["units", "set", "--db", database, "--id", "ou-t", "--add-region", "110108"])
            .contains("Unit 'ou-t' is not a branch: only a branch has a territory (R-4.2). Nothing changed. [admin.not_a_branch]"))
        for id in ["", "OU X", "ou/x"] {   // round 31: an empty id made a unit no command could name
            #expect(await failure(["units", "add", "--db", database, "--id", id, "--name", "X", "--kind", "team", "--parent", "ou-c"])
                .contains("'\(id)' is not an id"))
        }

        let role = try await ServerProcess.run(["roles", "add", "--db", database, "--id", "role-head", "--name", "校区主管", "--data-scope", "unit_subtree",
                                                "--permission", "lead.delete", "--field-access", "lead.mobile=read"])
        #expect(role.contains("Added role role-head (unit_subtree)."))
        #expect(await failure(["roles", "add", "--db", database, "--id", "role-x", "--name", "X", "--data-scope", "everyone"])
            .contains("'everyone' is not a data scope. Pass --data-scope self, self_and_subordinates, own_unit, unit_subtree, company."))
        #expect(await failure(["roles", "add", "--db", database, "--id", "role-x", "--name", "X", "--data-scope", "self", "--field-access", "lead.mobile"])
            .contains("'lead.mobile' is not a field access entry. Write entity.field=hidden, read or write, for example lead.mobile=hidden."))
        #expect(await failure(["roles", "add", "--db", database, "--id", "role-x", "--name", "X", "--data-scope", "self", "--field-access", "lead.shoe_size=hidden"])
            .contains("'lead.shoe_size=hidden' names no field of the schema: there is no lead.shoe_size. [role.invalid_field_access]"))
        #expect(await failure(["roles", "add", "--db", database, "--id", "role-head", "--name", "X", "--data-scope", "self"])
            .contains("Role 'role-head' exists already. Pick another id. [admin.role_exists]"), "with its stable code")
        // A typo would grant nothing, silently (round 31).
        #expect(await failure(["roles", "add", "--db", database, "--id", "role-x", "--name", "X", "--data-scope", "self", "--permission", "lead.delet"])
            .contains("'lead.delet' is not a permission: it would grant nothing. Pass one of "))

        let user = ["users", "add", "--db", database, "--name", "高 Gao", "--unit", "ou-c", "--position", "course_consultant", "--password-file", password.path]
        #expect(await failure(user + ["--id", "u-x", "--mobile", "13800000021", "--role", "role-missing"])
            .contains("There is no active role 'role-missing'. Check the id, or add the role first with `outpost-server roles add`."))
        #expect(await failure(user + ["--id", "u-x", "--mobile", "13800000023", "--unit", "ou-typo"])
            .contains("There is no org unit 'ou-typo'."))
        #expect(await failure(user + ["--id", "u-x", "--mobile", "13800000023", "--reports-to", "u-x"])
            .contains("The manager 'u-x' names no other user"))
        #expect(await failure(user + ["--id", "u-x", "--mobile", "13800000023", "--reports-to", "u-nobody"])
            .contains("The manager 'u-nobody' names no other user"))
        let short = directory.appendingPathComponent("short.txt")
        try Data("short".utf8).write(to: short)
        #expect(await failure(["users", "add", "--db", database, "--name", "Y", "--unit", "ou-c", "--position", "course_consultant",
                               "--id", "u-y", "--mobile", "13800000024", "--password-file", short.path]).contains("The password is too short"))
        #expect(try await ServerProcess.run(user + ["--id", "u-gao", "--mobile", "13800000022", "--role", "role-head"]).contains("Added user u-gao"))

        // A lead file that does not fit says where, in the file's words, not the decoder's (round 31).
        let notAnArray = directory.appendingPathComponent("not-an-array.json"), noValues = directory.appendingPathComponent("no-values.json")
        try Data(#"{"values": {"contact_name": "家长"}}"#.utf8).write(to: notAnArray)
        try Data(#"[{"values": {"contact_name": "家长"}}, {"teamID": "ou-t"}]"#.utf8).write(to: noValues)
        let notArrayOutput = await failure(["ingest", notAnArray.path, "--actor", "u-gao", "--db", database])
        #expect(notArrayOutput.contains("is not a JSON array of leads") && notArrayOutput.contains("it does not hold an array"), "\(notArrayOutput)")
        #expect(!notArrayOutput.contains("DecodingError") && !notArrayOutput.contains("USAGE"), "\(notArrayOutput)")
        #expect(await failure(["ingest", noValues.path, "--actor", "u-gao", "--db", database]).contains("lead 2 has no 'values'"))

        // Allocation by criteria (R-5.3): courses, regions, grades and a monthly quota; bad values are refused and change nothing.
        let allocation = ["users", "allocation", "--db", database]
        #expect(try await ServerProcess.run(allocation + ["u-gao", "--course", "course-coding", "--region", "110108", "--region", "110105",
                                                          "--grade", "A", "--quota", "30", "--weight", "80"]).contains("Allocation of u-gao updated."))
        #expect(await failure(allocation + ["u-gao", "--grade", "E"]).contains("allocation_grades"))
        #expect(await failure(allocation + ["u-gao", "--quota", "0"]).contains("allocation_quota"))
        #expect(await failure(allocation + ["u-nobody", "--quota", "3"]).contains("u-nobody"))
        #expect(await failure(allocation + ["u-gao", "--quota", "3", "--no-quota"]).contains("--quota and --no-quota contradict each other"))

        let check: @Sendable (any ChangeStore) async throws -> Void = { store in
            #expect(try await store.storedRow(RowID("ou-t"), of: EntityName("org_unit"))?.values[FieldName("path")] == .text("/ou-q/ou-b/ou-c/ou-t"))
            let role = try #require(try await store.storedRow(RowID("role-head"), of: EntityName("role")))
            #expect(role.values[FieldName("field_access")] == .list([.text("lead.mobile=read")]))
            #expect(try await store.storedRow(RowID("u-gao"), of: EntityName("user"))?.values[FieldName("role_ids")] == .list([.text("role-head")]))
            #expect(try await store.storedRow(RowID("u-x"), of: EntityName("user")) == nil, "a refused user is not written")
            #expect(try await store.storedRow(RowID("u-y"), of: EntityName("user")) == nil, "nor one whose password was refused (round 31)")
            #expect(try await store.storedRow(RowID("role-x"), of: EntityName("role")) == nil)
            let gao = try #require(try await store.storedRow(RowID("u-gao"), of: EntityName("user")))
            #expect(gao.values[FieldName("allocation_course_ids")] == .list([.text("course-coding")]))
            #expect(gao.values[FieldName("allocation_region_codes")] == .list([.text("110108"), .text("110105")]))
            #expect(gao.values[FieldName("allocation_grades")] == .list([.text("A")]))
            #expect(gao.values[FieldName("allocation_quota")] == .integer(30))
            #expect(gao.values[FieldName("allocation_weight")] == .integer(80))
            // Head office can read who was added where (round 31: only the password was audited).
            let added = try await storeRows(store, entity: EntityName("audit_log")).values.filter {
                $0.values[FieldName("entity_ids")] == .list([.text("u-gao")]) && $0.values[FieldName("action")] == .text("field_change")
            }
            #expect(added.contains { $0.values[FieldName("reason")]?.textValue == "added: org_unit_id=ou-c position=course_consultant role_ids=role-head" })
            // Units and roles added are audited too (round 31: they were not).
            let audit = try await storeRows(store, entity: EntityName("audit_log")).values
            #expect(audit.contains { $0.values[FieldName("entity_type")] == .text("org_unit") && $0.values[FieldName("entity_ids")] == .list([.text("ou-t")])
                && $0.values[FieldName("reason")] == .text("added: kind=team parent_id=ou-c") })
            #expect(audit.contains { $0.values[FieldName("entity_type")] == .text("role") && $0.values[FieldName("entity_ids")] == .list([.text("role-head")])
                && $0.values[FieldName("reason")] == .text("added: data_scope=unit_subtree permissions=lead.delete") })
            // And which account on which machine ran the command (round 31: every entry said `admin`, `outpost-server`).
            #expect(added.allSatisfy { entry in
                let device = entry.values[FieldName("device_id")]?.textValue ?? ""
                return device.hasPrefix("outpost-server (") && device.contains("@") && device.hasSuffix(")")
            }, "\(added.map { $0.values[FieldName("device_id")] ?? .null })")
        }
        if let postgresDatabase {
            try await withPostgresStores(1, database: postgresDatabase) { stores in try await check(stores[0]) }
        } else {
            try await check(try SQLiteChangeStore(path: database, schema: OutpostSchema.current))
        }

        // The company built this way runs without a users file: users sign in with their passwords (round 31).
        let server = try await ServerProcess.start(["--db", database])
        defer { _ = server.stop() }
        var login = URLRequest(url: server.url.appendingPathComponent("v1/login"), timeoutInterval: 10)
        login.httpMethod = "POST"
        login.setValue("application/json", forHTTPHeaderField: "Content-Type")
        login.setValue("1", forHTTPHeaderField: "Outpost-Protocol")
        login.httpBody = Data(#"{"mobile":"13800000022","password":"a-good-password-1","deviceID":"gao-laptop"}"#.utf8)
        let (body, response) = try await URLSession.shared.data(for: login)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: body, as: UTF8.self))")
        #expect(try JSONDecoder().decode(LoginResponse.self, from: body).userID == UserID("u-gao"))
    }

    /// What a command that must fail printed.
    private func failure(_ arguments: [String]) async -> String {
        do {
            let printed = try await ServerProcess.run(arguments)
            Issue.record("outpost-server \(arguments.joined(separator: " ")) succeeded: \(printed)")
            return ""
        } catch ServerProcessError.failed(_, _, let output) {
            return output
        } catch {
            Issue.record(error)
            return ""
        }
    }
}
