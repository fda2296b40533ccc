import OutpostDomain
import Testing

/// DOMAIN.md R-16.x and issue #4: each check-in flag, and scenarios C13 and C15.
@Suite struct CheckInAssessmentTests {
    typealias T = ShanghaiTime

    /// Customer K's address on an AMap (GCJ-02) map, in Haidian.
    static let customerK = GeoPoint(latitude: 39.98, longitude: 116.31, system: .gcj02)
    static let d2At1500 = T.at(2024, 3, 2, 15)
    static let metresPerDegreeOfLatitude = 111_194.93

    /// The WGS-84 fix a device reports when it stands `metresNorth` of K on the map.
    static func fixNorthOfK(_ metresNorth: Double) -> GeoPoint {
        GeoPoint(latitude: customerK.latitude + metresNorth / metresPerDegreeOfLatitude,
                 longitude: customerK.longitude, system: .gcj02).converted(to: .wgs84)
    }

    /// Sun's clean arrival at K: a current, precise fix on the spot, synced the same evening.
    static func sunAtK(
        id: String = "c1", userID: String = "u-sun", kind: CheckInFacts.Kind = .arrive, subjectID: String? = "k",
        point: GeoPoint? = CheckInAssessmentTests.fixNorthOfK(0), accuracyMeters: Double? = 30,
        locationStatus: CheckInFacts.LocationStatus = .fixed, locationTime: Int64? = CheckInAssessmentTests.d2At1500,
        deviceTime: Int64 = CheckInAssessmentTests.d2At1500, occurredAt: Int64 = CheckInAssessmentTests.d2At1500, receivedAt: Int64 = CheckInAssessmentTests.d2At1500 + 5 * ShanghaiTime.hour,
        occurredAtWasClamped: Bool = false, photoCount: Int = 1
    ) -> CheckInFacts {
        CheckInFacts(id: id, userID: userID, kind: kind, subjectID: subjectID, point: point,
                     accuracyMeters: accuracyMeters, locationStatus: locationStatus, locationTime: locationTime,
                     deviceTime: deviceTime, occurredAt: occurredAt, receivedAt: receivedAt,
                     occurredAtWasClamped: occurredAtWasClamped, photoCount: photoCount)
    }

    static func flags(
        _ checkIn: CheckInFacts, subject: GeoPoint? = CheckInAssessmentTests.customerK, owner: String? = "u-sun",
        previous: CheckInFacts? = nil, recent: [CheckInFacts] = [], policy: CheckInPolicy = CheckInPolicy()
    ) -> Set<CheckInFlag> {
        CheckInAssessment.assess(checkIn, subject: subject, subjectOwnerID: owner, previousOfSameUser: previous,
                                 recentOfSameUserAndSubject: recent, policy: policy).flags
    }

    @Test func aCleanCheckInEarnsNoFlag() throws {
        let verdict = CheckInAssessment.assess(Self.sunAtK(), subject: Self.customerK, subjectOwnerID: "u-sun",
                                               previousOfSameUser: nil, recentOfSameUserAndSubject: [], policy: CheckInPolicy())
        #expect(verdict.flags.isEmpty)
        #expect(try #require(verdict.distanceToSubjectMeters) < 0.5)
    }

    @Test func flagRawValuesAreStable() {
        #expect(CheckInFlag.allCases.map(\.rawValue).sorted() == [
            "author_not_owner", "clock_skew", "duplicate", "far_from_subject", "impossible_travel",
            "low_accuracy", "photo_missing", "stale_fix",
        ])
    }

    // MARK: far_from_subject

    @Test(arguments: [(0.0, false), (450, false), (499, false), (501, true), (2_000, true)])
    func farFromSubjectBeyondTheGeofence(metres: Double, flagged: Bool) {
        #expect(Self.flags(Self.sunAtK(point: Self.fixNorthOfK(metres))).contains(.farFromSubject) == flagged)
    }

    @Test func noDistanceWithoutBothLocations() {
        let noSubjectGeo = CheckInAssessment.assess(Self.sunAtK(point: Self.fixNorthOfK(5_000)), subject: nil, subjectOwnerID: "u-sun",
                                                   previousOfSameUser: nil, recentOfSameUserAndSubject: [], policy: CheckInPolicy())
        #expect(noSubjectGeo.distanceToSubjectMeters == nil)
        #expect(!noSubjectGeo.flags.contains(.farFromSubject))
        let unavailable = Self.sunAtK(point: nil, accuracyMeters: nil, locationStatus: .unavailable, locationTime: nil)
        let verdict = CheckInAssessment.assess(unavailable, subject: Self.customerK, subjectOwnerID: "u-sun",
                                               previousOfSameUser: nil, recentOfSameUserAndSubject: [], policy: CheckInPolicy())
        #expect(verdict.distanceToSubjectMeters == nil)
        #expect(verdict.flags.isEmpty, "an honest 'no location' earns no location flag")
    }

    // MARK: low_accuracy

    @Test(arguments: [(Double?.some(120), false), (1_000, false), (1_000.5, true), (5_000, true), (-1, true), (0, true), (nil, true)])
    func lowAccuracyWhenWorseThanAKilometreOrInvalid(accuracy: Double?, flagged: Bool) {
        #expect(Self.flags(Self.sunAtK(accuracyMeters: accuracy)).contains(.lowAccuracy) == flagged)
    }

    // MARK: stale_fix

    @Test(arguments: [
        (CheckInFacts.LocationStatus.fixed, Int64(0), false),
        (.fixed, 10 * T.minute, false),
        (.fixed, 10 * T.minute + 1, true),
        (.fixed, 2 * T.hour, true),
        (.stale, 0, true),
    ])
    func staleFixWhenTheDeviceSaysSoOrTheFixIsOld(status: CheckInFacts.LocationStatus, fixAge: Int64, flagged: Bool) {
        let checkIn = Self.sunAtK(locationStatus: status, locationTime: Self.d2At1500 - fixAge)
        #expect(Self.flags(checkIn).contains(.staleFix) == flagged)
    }

    // MARK: clock_skew (R-16.4, C15)

    @Test(arguments: [(Int64(0), false), (10 * T.minute, false), (10 * T.minute + 1, true), (-(10 * T.minute + 1), true)])
    func clockSkewWhenTheDeviceAndTheCheckInDisagree(deviceAhead: Int64, flagged: Bool) {
        let checkIn = Self.sunAtK(deviceTime: Self.d2At1500 + deviceAhead)
        #expect(Self.flags(checkIn).contains(.clockSkew) == flagged)
    }

    @Test func c15LaptopSetTo2030IsFlaggedButKept() {
        let receivedAt = T.at(2024, 3, 2, 20)
        let checkIn = Self.sunAtK(locationTime: T.at(2030, 1, 1, 9), deviceTime: T.at(2030, 1, 1, 9),
                                  occurredAt: receivedAt + 5 * T.minute, receivedAt: receivedAt, occurredAtWasClamped: true)
        let flags = Self.flags(checkIn)
        #expect(flags.contains(.clockSkew))
        #expect(!flags.contains(.staleFix), "the fix is as old as the (wrong) device clock says: not stale")
    }

    @Test func aClampedCheckInComparesTheDeviceWithTheServer() {
        // The device is 14 min ahead of the server; the HLC was clamped to receipt + 5 min, so the
        // device and the clamped clock look only 9 min apart.
        let receivedAt = T.at(2024, 3, 2, 20)
        let clamped = Self.sunAtK(locationTime: receivedAt + 14 * T.minute, deviceTime: receivedAt + 14 * T.minute,
                                  occurredAt: receivedAt + 5 * T.minute, receivedAt: receivedAt, occurredAtWasClamped: true)
        #expect(Self.flags(clamped).contains(.clockSkew))
        var notClamped = clamped
        notClamped.occurredAtWasClamped = false
        #expect(!Self.flags(notClamped).contains(.clockSkew), "an offline device synced hours later is not skewed")
    }

    // MARK: impossible_travel

    @Test(arguments: [
        (10_000.0, 1 * T.minute, true),      // 600 km/h
        (10_000, 30 * T.minute, false),      // 20 km/h
        (4_000, 0, false),                   // 4 km over the 1-minute floor: 240 km/h
        (6_000, 0, true),                    // 6 km over the 1-minute floor: 360 km/h
        (24_900, 5 * T.minute, false),       // 298.8 km/h
        (25_100, 5 * T.minute, true),        // 301.2 km/h
    ])
    func impossibleTravelAboveThreeHundredKilometresPerHour(metres: Double, interval: Int64, flagged: Bool) {
        let previous = Self.sunAtK(id: "c0", subjectID: "other", point: Self.fixNorthOfK(-metres),
                                   occurredAt: Self.d2At1500 - interval)
        #expect(Self.flags(Self.sunAtK(), previous: previous).contains(.impossibleTravel) == flagged)
    }

    @Test func noTravelCheckWithoutAPreviousPoint() {
        let previous = Self.sunAtK(id: "c0", point: nil, accuracyMeters: nil, locationStatus: .unavailable,
                                   occurredAt: Self.d2At1500 - T.minute)
        #expect(!Self.flags(Self.sunAtK(), previous: previous).contains(.impossibleTravel))
    }

    // MARK: duplicate

    @Test(arguments: [(9 * T.minute, true), (10 * T.minute, true), (10 * T.minute + 1, false)])
    func duplicateWithinTenMinutes(earlier: Int64, flagged: Bool) {
        let first = Self.sunAtK(id: "c0", occurredAt: Self.d2At1500 - earlier)
        #expect(Self.flags(Self.sunAtK(), recent: [first]).contains(.duplicate) == flagged)
    }

    @Test func onlyTheLaterOfTwoIsTheDuplicate() {
        let first = Self.sunAtK(id: "c0", occurredAt: Self.d2At1500 - 2 * T.minute)
        let second = Self.sunAtK()
        #expect(Self.flags(second, recent: [first]).contains(.duplicate))
        #expect(!Self.flags(first, recent: [second]).contains(.duplicate))
        // Same instant: the id breaks the tie, so exactly one of them is flagged.
        let twin = Self.sunAtK(id: "c2")
        #expect(Self.flags(twin, recent: [second]).contains(.duplicate) != Self.flags(second, recent: [twin]).contains(.duplicate))
    }

    @Test func anotherKindSubjectOrUserIsNotADuplicate() {
        let earlier = Self.d2At1500 - T.minute
        let others = [
            Self.sunAtK(id: "c0", kind: .leave, occurredAt: earlier),
            Self.sunAtK(id: "c3", subjectID: "k2", occurredAt: earlier),
            Self.sunAtK(id: "c4", userID: "u-wang", occurredAt: earlier),
            Self.sunAtK(id: "c1"),   // itself
        ]
        #expect(!Self.flags(Self.sunAtK(), recent: others).contains(.duplicate))
        #expect(!Self.flags(Self.sunAtK(subjectID: nil), subject: nil, recent: [Self.sunAtK(id: "c0", subjectID: nil, occurredAt: earlier)])
            .contains(.duplicate), "street prospecting has no subject to repeat")
    }

    // MARK: author_not_owner

    @Test(arguments: [(String?.some("u-zhao"), true), ("u-sun", false), (nil, true)])
    func authorNotOwnerWhenSomeoneElseOrNobodyOwnsTheSubject(owner: String?, flagged: Bool) {
        #expect(Self.flags(Self.sunAtK(), owner: owner).contains(.authorNotOwner) == flagged)
    }

    @Test func streetProspectingHasNoOwnerToCheck() {
        #expect(!Self.flags(Self.sunAtK(subjectID: nil), subject: nil, owner: nil).contains(.authorNotOwner))
    }

    // MARK: photo_missing

    @Test(arguments: [(true, 0, true), (true, 1, false), (false, 0, false)])
    func photoMissingOnlyWhenThePolicyRequiresOne(requiresPhoto: Bool, photos: Int, flagged: Bool) {
        let flags = Self.flags(Self.sunAtK(photoCount: photos), policy: CheckInPolicy(requiresPhoto: requiresPhoto))
        #expect(flags.contains(.photoMissing) == flagged)
    }

    // MARK: Scenarios and storage

    @Test func c13WiFiFixNearAReassignedCustomerIsMeasuredAfterConversion() throws {
        // Sun stands 300 m from K on the map; his laptop reports raw WGS-84 by Wi-Fi, ±120 m.
        // Chen had given K to Zhao three hours earlier.
        let fix = Self.fixNorthOfK(300)
        let checkIn = Self.sunAtK(point: fix, accuracyMeters: 120)
        let verdict = CheckInAssessment.assess(checkIn, subject: Self.customerK, subjectOwnerID: "u-zhao",
                                               previousOfSameUser: nil, recentOfSameUserAndSubject: [], policy: CheckInPolicy())
        let distance = try #require(verdict.distanceToSubjectMeters)
        #expect(abs(distance - 300) < 1, "distance \(distance) m")
        #expect(verdict.flags == [.authorNotOwner])
        // Reading the WGS-84 numbers as if they were GCJ-02 would have put him outside the geofence.
        let unconverted = GeoPoint(latitude: fix.latitude, longitude: fix.longitude, system: .gcj02)
        #expect(unconverted.distance(to: Self.customerK) > 500)
    }

    @Test func storedFlagsAreSortedByRawValue() {
        let checkIn = Self.sunAtK(point: Self.fixNorthOfK(900), accuracyMeters: 1_500, locationStatus: .stale, photoCount: 0)
        let verdict = CheckInAssessment.assess(checkIn, subject: Self.customerK, subjectOwnerID: "u-zhao", previousOfSameUser: nil,
                                               recentOfSameUserAndSubject: [], policy: CheckInPolicy(requiresPhoto: true))
        #expect(verdict.storedFlags == ["author_not_owner", "far_from_subject", "low_accuracy", "photo_missing", "stale_fix"])
        #expect(verdict.sortedFlags.map(\.rawValue) == verdict.storedFlags)
    }
}
