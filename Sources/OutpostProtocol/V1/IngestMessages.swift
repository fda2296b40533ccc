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

        /// A placement.
        public init(id: RowID, route: Route, branchID: RowID?, ownerID: UserID?, byCriteria: Bool? = nil) {
            self.id = id
            self.route = route
            self.branchID = branchID
            self.ownerID = ownerID
            self.byCriteria = byCriteria
        }
    }

    /// One entry per lead, in order.
    public var placements: [Placement]

    /// A report.
    public init(placements: [Placement]) {
        self.placements = placements
    }
}
