import Foundation
import GRDB
import OutpostCore
import OutpostDomain
import OutpostProtocol
@testable import OutpostReplica
import Testing

/// A laptop refuses a command its user may not give, as the server would (`permission.not_allowed`,
/// DOMAIN §1.2 role permissions): a transfer or a reopen needs a team lead's position or a role
/// that grants it. Nothing is queued. When the laptop cannot tell (no user row yet, a named role
/// not arrived), the command is queued and the server decides.
@Suite struct CommandPermissionRefusalTests {
    private let lead = EntityName("lead")
    private let opportunity = EntityName("opportunity")

    private func replica(for user: String, holding rows: [PulledRow]) throws -> Replica {
        let replica = try PulledRowFixture.replica(for: user)
        if !rows.isEmpty {
            try replica.apply(PullPage(rows: rows, nextCursor: PullCursor(rawValue: "c1.\(rows.count).\(rows.count)"), hasMore: false))
        }
        return replica
    }

    private func pulled(_ entity: String, _ id: String, _ values: [String: FieldValue]) -> PulledRow { PulledRowFixture.row(entity, id, values) }
    private func user(_ id: String, position: String, roles: [String] = []) -> PulledRow {
        PulledRowFixture.user(id, position: position, roles: roles)
    }

    private func role(_ id: String, permissions: [String], status: String = "active") -> PulledRow {
        pulled("role", id, ["name": .text(id), "data_scope": .text("self"), "permissions": .list(permissions.map(FieldValue.text)),
                            "status": .text(status)])
    }

    private let aLead = [("lead", "l-1", ["contact_name": FieldValue.text("王妈妈"), "mobile": .text("13900001234"), "source_channel": .text("walk_in"),
                                         "owner_id": .text("u-wang")])]

    private func rows(_ people: [PulledRow]) -> [PulledRow] {
        people + aLead.map { pulled($0.0, $0.1, $0.2) }
    }

    private func queuedCommands(_ replica: Replica) throws -> Int {
        try replica.journalEntries(in: .pending).count
    }

    @Test func aConsultantsTransferAndReopenAreRefusedOnTheLaptopAndNothingIsQueued() throws {
        let replica = try replica(for: "u-wang", holding: rows([user("u-wang", position: "course_consultant")]))
        let before = try queuedCommands(replica)
        #expect {
            try replica.enqueue(.transfer, on: lead, id: RowID("l-1"), arguments: ["to_user": .text("u-zhao")], now: 5_000)
        } throws: { error in
            guard case ReplicaError.refusedCommand(_, _, _, let code, let reason) = error else { return false }
            return code == "permission.not_allowed" && reason.contains("'lead.transfer'") && reason.contains("transfer a lead")
        }
        #expect {
            try replica.enqueue(.reopen, on: opportunity, id: RowID("o-1"), arguments: ["to_stage": .text("negotiation")], now: 5_000)
        } throws: { error in
            guard case ReplicaError.refusedCommand(_, _, _, let code, let reason) = error else { return false }
            return code == "permission.not_allowed" && reason.contains("'opportunity.reopen'")
        }
        #expect(throws: ReplicaError.self) {
            try replica.enqueue(.voidCheckIn, on: EntityName("check_in"), id: RowID("ci-1"), arguments: ["reason": .text("wrong school")], now: 5_000)
        }
        #expect(try queuedCommands(replica) == before)
        // Commands that need no permission of their own on the user's own record are queued.
        try replica.enqueue(.release, on: lead, id: RowID("l-1"), arguments: ["reason": .text("moved away")], now: 5_000)
        #expect(try queuedCommands(replica) == before + 1)
    }

    @Test func aTeamLeadOrARoleThatGrantsItMayTransfer() throws {
        let lead = try replica(for: "u-lily", holding: rows([user("u-lily", position: "team_lead")]))
        try lead.enqueue(.transfer, on: self.lead, id: RowID("l-1"), arguments: ["to_user": .text("u-zhao")], now: 5_000)
        #expect(try queuedCommands(lead) == 1)

        let granted = try replica(for: "u-gao", holding: rows([user("u-gao", position: "course_consultant", roles: ["role-transfer"]),
                                                               role("role-transfer", permissions: ["lead.transfer"])]))
        try granted.enqueue(.transfer, on: self.lead, id: RowID("l-1"), arguments: ["to_user": .text("u-zhao")], now: 5_000)
        #expect(try queuedCommands(granted) == 1)
    }

    @Test func aTeamLeadWhoseActiveRoleDoesNotGrantItIsRefused() throws {
        let replica = try replica(for: "u-lily", holding: rows([user("u-lily", position: "team_lead", roles: ["role-viewer"]),
                                                                role("role-viewer", permissions: ["lead.export"])]))
        #expect(throws: ReplicaError.self) {
            try replica.enqueue(.transfer, on: lead, id: RowID("l-1"), arguments: ["to_user": .text("u-zhao")], now: 5_000)
        }
        #expect(try queuedCommands(replica) == 0)
    }

    @Test func whenTheLaptopCannotTellTheServerDecides() throws {
        // No user row yet (never synced).
        let fresh = try replica(for: "u-wang", holding: [])
        try fresh.enqueue(.transfer, on: lead, id: RowID("l-1"), arguments: ["to_user": .text("u-zhao")], now: 5_000)
        #expect(try queuedCommands(fresh) == 1)
        // A role the user row names has not arrived.
        let waiting = try replica(for: "u-gao", holding: rows([user("u-gao", position: "course_consultant", roles: ["role-transfer"])]))
        try waiting.enqueue(.transfer, on: lead, id: RowID("l-1"), arguments: ["to_user": .text("u-zhao")], now: 5_000)
        #expect(try queuedCommands(waiting) == 1)
    }

    @Test func theLaptopAndTheServerGiveTheSamePermissionsToAUser() {
        let consultant = RowState(values: [FieldName("position"): .text("course_consultant")])
        let manager = RowState(values: [FieldName("position"): .text("branch_manager")])
        #expect(CommandPermission.held(by: consultant, roles: []).isEmpty)
        #expect(CommandPermission.held(by: manager, roles: []) == CommandPermission.positionDefaults["branch_manager"])
        #expect(CommandPermission.held(by: manager, roles: []).isSuperset(of: [CommandPermission.transfer, CommandPermission.voidCheckIn, "lead.delete"]))
        // An archived role counts for nothing: the position decides.
        let archived = RowState(values: [FieldName("permissions"): .list([.text("lead.transfer")]), FieldName("status"): .text("archived")])
        let named = RowState(values: [FieldName("position"): .text("course_consultant"), FieldName("role_ids"): .list([.text("r")])])
        #expect(CommandPermission.held(by: named, roles: [archived]).isEmpty)
    }
}
