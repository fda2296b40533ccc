import Foundation
import OutpostCore
import OutpostDomain

/// What `outpost-server units set` changes of an existing org unit: its name, time zone,
/// manager, and a branch's territory (`region_codes`, DOMAIN §1.1, R-4.2).
public struct UnitChange: Sendable {
    /// The unit's id.
    public var id: String
    /// A new display name.
    public var name: String?
    /// A new IANA time zone, which moves the unit's day (reclaim, daily claim limits).
    public var timezone: String?
    /// A new manager (`manager_user_id`): a user of the unit's branch, or of head office.
    public var manager: UserID?
    /// Division codes (GB/T 2260, six digits) the branch's territory gains.
    public var addedRegions: [String]
    /// Division codes the branch's territory loses.
    public var removedRegions: [String]

    /// Creates a change of unit `id`; what is left nil or empty stays as it is.
    public init(id: String, name: String? = nil, timezone: String? = nil, manager: UserID? = nil,
                addedRegions: [String] = [], removedRegions: [String] = []) {
        self.id = id
        self.name = name
        self.timezone = timezone
        self.manager = manager
        self.addedRegions = addedRegions
        self.removedRegions = removedRegions
    }

    /// True when the change names nothing to change.
    var isEmpty: Bool {
        name == nil && timezone == nil && manager == nil && addedRegions.isEmpty && removedRegions.isEmpty
    }

    /// Whether `code` is a division code: six ASCII digits.
    static func isRegionCode(_ code: String) -> Bool {
        code.utf8.count == 6 && code.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

extension OrganisationAdministration {
    /// Writes `change` to the unit's row, audited as a `field_change` of the unit naming what
    /// changed. A territory change keeps the add-wins form of `region_codes`: a code added
    /// here and one a concurrent change added both stay.
    /// - Returns: the names of the fields that changed.
    /// - Throws: `AdministrationError.nothingToChange`, `.unknownUnit`, `.blankName`,
    ///   `.unknownTimeZone`, `.unknownManager`, `.managerInOtherBranch`, `.notABranch`,
    ///   `.invalidRegionCode`, `.regionNotInTerritory`; nothing is written then.
    @discardableResult
    public func change(_ change: UnitChange) async throws -> [String] {
        guard !change.isEmpty else { throw AdministrationError.nothingToChange(change.id) }
        guard let unit = try await store.storedRow(RowID(change.id), of: .orgUnit), !unit.isDeleted else {
            throw AdministrationError.unknownUnit(change.id)
        }
        var values: [String: FieldValue] = [:]
        var described: [String] = []
        if let name = change.name {
            guard !name.allSatisfy(\.isWhitespace) else { throw AdministrationError.blankName }
            values["name"] = .text(name)
            described.append("name=\(name)")
        }
        if let timezone = change.timezone {
            guard TimeZone(identifier: timezone) != nil else { throw AdministrationError.unknownTimeZone(timezone) }
            values["timezone"] = .text(timezone)
            described.append("timezone=\(timezone)")
        }
        if let manager = change.manager {
            try await checkManager(manager, of: change.id)
            values["manager_user_id"] = .text(manager.rawValue)
            described.append("manager_user_id=\(manager.rawValue)")
        }
        if !change.addedRegions.isEmpty || !change.removedRegions.isEmpty {
            guard unit.values[FieldName("kind")]?.textValue == "branch" else { throw AdministrationError.notABranch(change.id) }
            if let bad = (change.addedRegions + change.removedRegions).first(where: { !UnitChange.isRegionCode($0) }) {
                throw AdministrationError.invalidRegionCode(bad)
            }
            var territory = unit.values[FieldName("region_codes")].flatMap(ObservedRemoveSet.init) ?? ObservedRemoveSet()
            if let absent = change.removedRegions.first(where: { !territory.elements.contains($0) }) {
                throw AdministrationError.regionNotInTerritory(absent, branch: change.id)
            }
            for code in change.removedRegions { territory = territory.removing(code) }
            for code in change.addedRegions where !territory.elements.contains(code) {
                territory = territory.adding(code, addID: "admin-\(change.id)-\(code)-" + UUID().uuidString.lowercased())
            }
            values["region_codes"] = territory.fieldValue
            described.append("region_codes=" + (change.addedRegions.map { "+" + $0 } + change.removedRegions.map { "-" + $0 }).joined(separator: ","))
        }
        let now = now()
        try await store.seed([SeedRow(entity: .orgUnit, id: RowID(change.id), values: values)], serverNow: now)
        try await store.record([audit(.orgUnit, RowID(change.id), "changed: " + described.joined(separator: " "))], now: now)
        return values.keys.sorted()
    }

    // MARK: - Private

    /// A unit's manager must be an active user of its branch, or of head office (a unit above
    /// the branches takes anyone).
    private func checkManager(_ manager: UserID, of unit: String) async throws {
        guard let row = try await store.storedRow(RowID(manager.rawValue), of: .user), !row.isDeleted,
              row.values[FieldName("status")]?.textValue != UserStatus.disabled else {
            throw AdministrationError.unknownManager(manager)
        }
        guard let branch = try await branch(ofUnit: unit), let managersUnit = row.values[FieldName("org_unit_id")]?.textValue,
              let managersBranch = try await self.branch(ofUnit: managersUnit), managersBranch != branch else { return }
        throw AdministrationError.managerInOtherBranch(manager, branch: managersBranch, usersBranch: branch)
    }

    /// The branch `unit` belongs to, nil for a unit above the branches (head office).
    private func branch(ofUnit unit: String) async throws -> String? {
        try await OrgTreeLookup(store: store).branch(ofUnit: unit)
    }
}
