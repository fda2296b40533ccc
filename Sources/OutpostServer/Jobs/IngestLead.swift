import OutpostCore

/// A lead that reaches head office from outside (web form, ads, purchased list), for
/// `ChangeStore.ingest`.
public struct IngestLead: Sendable, Hashable, Codable {
    /// The lead's id; nil lets the server make one. Ingesting an id that exists does nothing.
    public var id: RowID?
    /// Lead fields by name (`contact_name`, `mobile`, `source_channel`, `address`, …).
    public var values: [String: FieldValue]
    /// The team to allocate it in, overriding routing by region; nil routes it.
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
}

/// Where each ingested lead went.
public struct IngestReport: Sendable, Hashable, Codable {
    /// How a lead found its branch and owner.
    public enum Route: String, Sendable, Hashable, Codable {
        /// To the referrer customer's branch and, when active, owner.
        case referral
        /// By round-robin in the team named with the lead.
        case team
        /// By region to a branch, then round-robin in its first team.
        case region
        /// Nobody took it: it waits unassigned (head office's pool when no region matched).
        case unassigned
        /// The id existed already; nothing changed.
        case existing
    }

    /// One lead's placement.
    public struct Placement: Sendable, Hashable, Codable {
        /// The lead.
        public var id: RowID
        /// How it was placed.
        public var route: Route
        /// Its branch (head office when unmatched).
        public var branchID: RowID?
        /// Its owner, nil when unassigned.
        public var ownerID: UserID?
    }

    /// One entry per ingested lead, in order.
    public var placements: [Placement]
}
