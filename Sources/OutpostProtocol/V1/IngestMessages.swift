import OutpostCore

/// `POST /v1/leads/ingest`: leads that reached head office (web form, ads, purchased list),
/// for the server to place by referral, region and round-robin (DOMAIN ).
public struct IngestRequest: Codable, Hashable, Sendable {
    /// The leads, placed in order.
    public var leads: [IngestLead]

    /// Creates a request.
    public init(leads: [IngestLead]) {
        self.leads = leads
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case leads
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        leads = try decoder.container(keyedBy: CodingKeys.self).decode([IngestLead].self, forKey: .leads)
    }
}

/// One lead to ingest.
public struct IngestLead: Codable, Hashable, Sendable {
    /// The lead's id; absent lets the server make one. Ingesting an id that exists does nothing.
    public var id: RowID?
    /// Lead fields by name (`contact_name`, `mobile`, `source_channel`, `address`, …).
    public var values: [String: FieldValue]
    /// The team to allocate it in, instead of routing by region.
    public var teamID: RowID?
    /// The city code (`110100`) when the address carries no district.
    public var cityCode: String?

    /// A lead to ingest.
    public init(id: RowID? = nil, values: [String: FieldValue], teamID: RowID? = nil, cityCode: String? = nil) {
        self.id = id
        self.values = values
        self.teamID = teamID
        self.cityCode = cityCode
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, values, teamID, cityCode
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(RowID.self, forKey: .id)
        values = try container.decode([String: FieldValue].self, forKey: .values)
        teamID = try container.decodeIfPresent(RowID.self, forKey: .teamID)
        cityCode = try container.decodeIfPresent(String.self, forKey: .cityCode)
    }
}

/// The answer to an ingest: where each lead went, in the request's order.
public struct IngestReport: Codable, Hashable, Sendable {
    /// How a lead found its branch and owner.
    public enum Route: String, Codable, Hashable, Sendable {
        /// To the referrer customer's branch and, when active, owner.
        case referral
        /// By round-robin in the team named with the lead.
        case team
        /// By region to a branch, then round-robin in its first team.
        case region
        /// Graded D (R-3.2 nurture): not allocated; it waits in its branch's public pool for
        /// a salesperson to claim it (unassigned when the branch has no active pool).
        case nurture
        /// Nobody took it: it waits unassigned (head office's pool when no region matched).
        case unassigned
        /// The id existed already; nothing changed.
        case existing
        /// The mobile belongs to a record the company holds: no lead was made; that
        /// record (`id`), a won customer's or an owner's active one, took the touch and its
        /// owner was told.
        case touched
    }

    /// One lead's placement.
    public struct Placement: Codable, Hashable, Sendable {
        /// The lead.
        public var id: RowID
        /// How it was placed.
        public var route: Route
        /// Its branch (head office when unmatched); absent for `existing`.
        public var branchID: RowID?
        /// Its owner; absent when unassigned.
        public var ownerID: UserID?
        /// For a quality lead (grade A or B) allocated in a team: true when a member's
        /// criteria took it, false when it matched nobody's and went by turn; absent
        /// for every other lead.
        public var byCriteria: Bool?
        /// True when an older lead of the same family (R-2.2: in a public pool, or untouched for
        /// longer than the override window) took this lead's place: `id` is that lead's, which
        /// kept its history, took the new lead's values where it had none, and was placed as
        /// above. Absent otherwise.
        public var replaced: Bool?
        /// The stable codes of what the import questions but does not refuse (DOMAIN,
        /// the segment check): `phone.data_only_segment`, `phone.unknown_segment`. Absent when
        /// there is nothing to check.
        public var warnings: [String]?

        /// A placement.
        public init(id: RowID, route: Route, branchID: RowID?, ownerID: UserID?, byCriteria: Bool? = nil, replaced: Bool? = nil,
                    warnings: [String]? = nil) {
            self.id = id
            self.route = route
            self.branchID = branchID
            self.ownerID = ownerID
            self.byCriteria = byCriteria
            self.replaced = replaced
            self.warnings = warnings
        }

        /// Whether the ingest wrote this placement's lead (not for `existing` and `touched`).
        public var writesRow: Bool { route != .existing && route != .touched }
    }

    /// One entry per lead, in order.
    public var placements: [Placement]

    /// A report.
    public init(placements: [Placement]) {
        self.placements = placements
    }
}
