/// The server's verdict on one check-in: its distance to the subject and the flags it earns
/// (DOMAIN.md R-16.x, issue #4). Flags never reject; the check-in is kept whatever they say.
///
/// ```swift
/// let verdict = CheckInAssessment.assess(checkIn, subject: customerGeo, subjectOwnerID: ownerID,
///                                        previousOfSameUser: previous, recentOfSameUserAndSubject: recent,
///                                        policy: CheckInPolicy(requiresPhoto: company.pictureSetting))
/// row.distanceToSubjectMeters = verdict.distanceToSubjectMeters
/// row.flags = verdict.storedFlags
/// ```
public struct CheckInAssessment: Sendable, Hashable {
    /// The distance in metres from the check-in to the subject's address, both in GCJ-02;
    /// nil when either has no location (`distance_to_subject_m`).
    public var distanceToSubjectMeters: Double?
    /// Everything the server noticed.
    public var flags: Set<CheckInFlag>

    /// An assessment with the given values.
    public init(distanceToSubjectMeters: Double?, flags: Set<CheckInFlag>) {
        self.distanceToSubjectMeters = distanceToSubjectMeters
        self.flags = flags
    }

    /// The flags in raw-value order, for storage: the same set always stores the same list.
    public var sortedFlags: [CheckInFlag] { flags.sorted() }

    /// The flags' raw values in order, as the `flags` column stores them.
    public var storedFlags: [String] { sortedFlags.map(\.rawValue) }

    /// Judges one check-in. Pure: everything it needs is passed in.
    ///
    /// - Parameters:
    ///   - checkIn: the check-in being judged.
    ///   - subject: the subject's address point in any system, or nil when it has none.
    ///   - subjectOwnerID: the subject's owner when the server received the check-in; nil when
    ///     the subject sits in the public pool. Ignored when the check-in has no subject.
    ///   - previousOfSameUser: the same user's check-in just before this one (by `occurredAt`),
    ///     for the travel-speed check.
    ///   - recentOfSameUserAndSubject: the same user's other check-ins on the same subject near
    ///     this one's time; entries of another user, subject or kind are ignored.
    ///   - policy: the thresholds.
    /// - Returns: the distance to the subject and the flags.
    public static func assess(
        _ checkIn: CheckInFacts,
        subject: GeoPoint?,
        subjectOwnerID: String?,
        previousOfSameUser: CheckInFacts?,
        recentOfSameUserAndSubject: [CheckInFacts],
        policy: CheckInPolicy = CheckInPolicy()
    ) -> CheckInAssessment {
        let distance = checkIn.usablePoint.flatMap { point in subject.map { point.distance(to: $0) } }
        var flags = Set<CheckInFlag>()
        if let distance, distance > policy.geofenceMeters {
            flags.insert(.farFromSubject)
        }
        if hasLowAccuracy(checkIn, policy: policy) { flags.insert(.lowAccuracy) }
        if hasStaleFix(checkIn, policy: policy) { flags.insert(.staleFix) }
        if hasClockSkew(checkIn, policy: policy) { flags.insert(.clockSkew) }
        if let previousOfSameUser, isImpossibleTravel(from: previousOfSameUser, to: checkIn, policy: policy) {
            flags.insert(.impossibleTravel)
        }
        if recentOfSameUserAndSubject.contains(where: { isDuplicate(checkIn, of: $0, policy: policy) }) {
            flags.insert(.duplicate)
        }
        // accepted from someone who is not the current owner. A pooled subject has no
        // owner, so its visitor is not the owner either.
        if checkIn.subjectID != nil, subjectOwnerID != checkIn.userID {
            flags.insert(.authorNotOwner)
        }
        if policy.requiresPhoto, checkIn.photoCount == 0 {
            flags.insert(.photoMissing)
        }
        return CheckInAssessment(distanceToSubjectMeters: distance, flags: flags)
    }

    // MARK: - Private

    /// worse than the threshold, or missing or non-positive (a negative radius means the
    /// coordinates are invalid). Only judged when there is a point to judge.
    private static func hasLowAccuracy(_ checkIn: CheckInFacts, policy: CheckInPolicy) -> Bool {
        guard checkIn.usablePoint != nil else { return false }
        guard let accuracy = checkIn.accuracyMeters, accuracy > 0 else { return true }
        return accuracy > policy.maximumAccuracyMeters
    }

    private static func hasStaleFix(_ checkIn: CheckInFacts, policy: CheckInPolicy) -> Bool {
        switch checkIn.locationStatus {
        case .unavailable: return false
        case .stale: return true
        case .fixed:
            guard let locationTime = checkIn.locationTime else { return false }
            return checkIn.deviceTime - locationTime > policy.maximumFixAgeMilliseconds
        }
    }

    /// and C15. A device clock far from the check-in's clock is skew. When the server had
    /// to clamp `occurredAt`, that clock came from the same wrong device, so compare the device
    /// with the server's receipt time as well.
    private static func hasClockSkew(_ checkIn: CheckInFacts, policy: CheckInPolicy) -> Bool {
        if abs(checkIn.deviceTime - checkIn.occurredAt) > policy.maximumClockSkewMilliseconds { return true }
        return checkIn.occurredAtWasClamped
            && abs(checkIn.deviceTime - checkIn.receivedAt) > policy.maximumClockSkewMilliseconds
    }

    private static func isImpossibleTravel(from previous: CheckInFacts, to checkIn: CheckInFacts, policy: CheckInPolicy) -> Bool {
        guard previous.id != checkIn.id, let from = previous.usablePoint, let to = checkIn.usablePoint else { return false }
        let interval = max(abs(checkIn.occurredAt - previous.occurredAt), policy.minimumTravelIntervalMilliseconds)
        let hours = Double(interval) / 3_600_000
        let kilometers = from.distance(to: to) / 1000
        return kilometers / hours > policy.maximumTravelSpeedKilometersPerHour
    }

    /// Only the later of two close check-ins is the duplicate, so the flag does not depend on
    /// which one reached the server first. Equal times fall back to the id.
    private static func isDuplicate(_ checkIn: CheckInFacts, of other: CheckInFacts, policy: CheckInPolicy) -> Bool {
        guard other.id != checkIn.id, other.userID == checkIn.userID, other.kind == checkIn.kind,
              let subjectID = checkIn.subjectID, other.subjectID == subjectID else { return false }
        let isEarlier = (other.occurredAt, other.id) < (checkIn.occurredAt, checkIn.id)
        return isEarlier && checkIn.occurredAt - other.occurredAt <= policy.duplicateWindowMilliseconds
    }
}
