import OutpostCore

extension OutpostSchema {
    /// Where a lead came from (DOMAIN §1.3 `source_channel`).
    public static let sourceChannels = [
        "ground_promotion", "referral", "advertising", "self_media", "purchased_list",
        "partnership", "event", "walk_in", "inbound_call", "web_form",
    ]

    /// Intent levels (意向强烈度), A strongest (DOMAIN §1.3 `intent_level`).
    public static let intentLevels = ["A", "B", "C", "D"]

    /// Coordinate systems of a point (DOMAIN §1.10 `coord_system`): raw GPS, the AMap/Tencent
    /// system, and Baidu's.
    public static let coordinateSystems = ["wgs84", "gcj02", "bd09"]

    /// Who may own or share a pool row (DOMAIN §1.3 `pool_state`).
    static let poolStates = ["unassigned", "private", "public"]

    /// The members of a point: latitude, longitude and the system they are in, which must
    /// never mix with another fix's (DOMAIN §3.2).
    static let pointMembers: [String: FieldType] = [
        "lat": .real(range: -90...90), "lon": .real(range: -180...180), "coord_system": .enumeration(coordinateSystems),
    ]

    /// The members of an address: its text and its district code (GB/T 2260).
    static let addressMembers: [String: FieldType] = ["text": .text(maximumLength: 256), "district_code": .text(maximumLength: 6)]

    /// A reference to a row of `entity`.
    static func reference(_ entity: String) -> FieldType { .reference(EntityName(entity)) }

    /// A list of at most `maximumCount` references to rows of `entity`.
    static func references(_ entity: String, maximumCount: Int) -> FieldType {
        .list(of: reference(entity), maximumCount: maximumCount)
    }
}
