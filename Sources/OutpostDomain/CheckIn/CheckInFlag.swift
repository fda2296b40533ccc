/// Something the server noticed about a check-in (DOMAIN.md §1.10 `flags`, R-16.x, issue #4).
///
/// Flags never reject: a check-in is evidence and is always kept. The raw values are
/// stored and sent to clients, so they never change; add new cases instead.
public enum CheckInFlag: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Further from the subject's address than the geofence. DOMAIN.md §1.10 calls
    /// this `outside_geofence`; issue #4 named it `far_from_subject`, which is what we store.
    case farFromSubject = "far_from_subject"
    /// The fix's horizontal accuracy is worse than the policy allows, or missing or invalid
    /// a negative accuracy means the coordinates are invalid).
    case lowAccuracy = "low_accuracy"
    /// The device reported an old fix, or the fix is much older than the check-in.
    case staleFix = "stale_fix"
    /// The device clock disagrees with the check-in's clock or with the server (R-16.4, C15).
    case clockSkew = "clock_skew"
    /// Reaching this place from the same user's previous check-in needs an implausible speed.
    case impossibleTravel = "impossible_travel"
    /// The same user already checked in with the same kind on the same subject moments before.
    case duplicate
    /// The author did not own the subject when the server received it (R-8.4, C13).
    case authorNotOwner = "author_not_owner"
    /// The company requires a photo (`pictureSetting`) and none came with it.
    case photoMissing = "photo_missing"

    /// Orders flags by raw value, so a stored list is the same whatever order they were found in.
    public static func < (lhs: CheckInFlag, rhs: CheckInFlag) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
