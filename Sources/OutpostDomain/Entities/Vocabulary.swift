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

    /// A composite address with its district code (GB/T 2260) and optionally a point: the
    /// members change together, as one last-writer-wins register (DOMAIN §3.1 LWW-composite).
    static func address(withPoint: Bool, textMember: String = "text") -> FieldType {
        var members: [String: FieldType] = [textMember: .text(maximumLength: 256)]
        if withPoint {
            members["lat"] = .real(range: -90...90)
            members["lon"] = .real(range: -180...180)
            members["coord_system"] = .enumeration(coordinateSystems)
        }
        if textMember == "text" { members["district_code"] = .text(maximumLength: 6) }
        return .composite(members)
    }

    /// A reference to a row of `entity`.
    static func reference(_ entity: String) -> FieldType { .reference(EntityName(entity)) }

    /// A list of at most `maximumCount` references to rows of `entity`.
    static func references(_ entity: String, maximumCount: Int) -> FieldType {
        .list(of: reference(entity), maximumCount: maximumCount)
    }
}
