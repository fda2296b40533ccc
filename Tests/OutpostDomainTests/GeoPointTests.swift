import OutpostDomain
import Testing

/// WGS-84 / GCJ-02 / BD-09 conversions and distances (issue #4, DOMAIN.md, GCJ).
@Suite struct GeoPointTests {
    /// WGS-84 → GCJ-02 vectors from the reference implementation's own tests (eviltransform),
    /// plus Tiananmen worked out with the same published formula.
    static let referenceVectors: [(name: String, wgs: (Double, Double), gcj: (Double, Double))] = [
        ("shanghai", (31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
        ("shenzhen", (22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
        ("beijing", (39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
        ("tiananmen", (39.9087, 116.3975), (39.91010349934476, 116.40374357265176)),
    ]

    @Test(arguments: referenceVectors.indices)
    func wgs84ToGCJ02MatchesTheReferenceAlgorithm(index: Int) {
        let vector = Self.referenceVectors[index]
        let gcj = GeoPoint(latitude: vector.wgs.0, longitude: vector.wgs.1, system: .wgs84).converted(to: .gcj02)
        #expect(gcj.system == .gcj02)
        #expect(abs(gcj.latitude - vector.gcj.0) < 1e-9, "\(vector.name)")
        #expect(abs(gcj.longitude - vector.gcj.1) < 1e-9, "\(vector.name)")
    }

    @Test func tiananmenShiftsByAFewHundredMetres() {
        let wgs = GeoPoint(latitude: 39.9087, longitude: 116.3975, system: .wgs84)
        let gcj = wgs.converted(to: .gcj02)
        // Compare as if both were GCJ-02 to measure the raw shift.
        let shift = GeoPoint(latitude: wgs.latitude, longitude: wgs.longitude, system: .gcj02).distance(to: gcj)
        #expect((500...600).contains(shift), "shift \(shift) m")
        // The same place in two systems is zero metres apart.
        #expect(wgs.distance(to: gcj) < 0.5)
    }

    @Test func gcj02ToBD09MatchesTheReferenceFormula() {
        let bd = GeoPoint(latitude: 39.91010349934476, longitude: 116.40374357265176, system: .gcj02).converted(to: .bd09)
        #expect(abs(bd.latitude - 39.91644274963076) < 1e-9)
        #expect(abs(bd.longitude - 116.4101165864734) < 1e-9)
    }

    @Test(arguments: referenceVectors.indices)
    func roundTripsStayWithinHalfAMetre(index: Int) {
        let vector = Self.referenceVectors[index]
        for system in CoordinateSystem.allCases {
            let start = GeoPoint(latitude: vector.wgs.0, longitude: vector.wgs.1, system: system)
            for other in CoordinateSystem.allCases where other != system {
                let back = start.converted(to: other).converted(to: system)
                let error = GeoPoint(latitude: back.latitude, longitude: back.longitude, system: .gcj02)
                    .distance(to: GeoPoint(latitude: start.latitude, longitude: start.longitude, system: .gcj02))
                #expect(error < 0.5, "\(vector.name) \(system) → \(other) → \(system): \(error) m")
            }
        }
    }

    @Test func gcj02ToWGS84InvertsTheReferenceVectorsExactly() {
        for vector in Self.referenceVectors {
            let wgs = GeoPoint(latitude: vector.gcj.0, longitude: vector.gcj.1, system: .gcj02).converted(to: .wgs84)
            let expected = GeoPoint(latitude: vector.wgs.0, longitude: vector.wgs.1, system: .wgs84)
            #expect(wgs.distance(to: expected) < 0.5, "\(vector.name)")
            #expect(abs(wgs.latitude - expected.latitude) < 1e-7 && abs(wgs.longitude - expected.longitude) < 1e-7)
        }
    }

    @Test(arguments: [(35.6812, 139.7671, "Tokyo"), (51.5007, -0.1246, "London"), (-33.8568, 151.2153, "Sydney")])
    func pointsOutsideChinaAreNotShifted(latitude: Double, longitude: Double, city: String) {
        let wgs = GeoPoint(latitude: latitude, longitude: longitude, system: .wgs84)
        let gcj = wgs.converted(to: .gcj02)
        #expect(gcj == GeoPoint(latitude: latitude, longitude: longitude, system: .gcj02), "\(city)")
        #expect(gcj.converted(to: .wgs84) == wgs, "\(city)")
    }

    @Test func convertingToTheSameSystemIsTheIdentity() {
        let point = GeoPoint(latitude: 31.2, longitude: 121.5, system: .bd09)
        #expect(point.converted(to: .bd09) == point)
    }

    @Test func coordinateSystemRawValuesAreTheStoredWords() {
        #expect(CoordinateSystem.allCases.map(\.rawValue) == ["wgs84", "gcj02", "bd09"])
    }

    @Test func haversineMatchesKnownDistances() {
        // One degree of latitude on a 6,371 km sphere.
        let a = GeoPoint(latitude: 0, longitude: 10, system: .gcj02)
        let b = GeoPoint(latitude: 1, longitude: 10, system: .gcj02)
        #expect(abs(a.distance(to: b) - 111_194.93) < 0.01)
        #expect(a.distance(to: a) == 0)
        // Big Ben → Eiffel Tower, 340.5 km on this sphere; both are outside China, so unshifted.
        let london = GeoPoint(latitude: 51.5007, longitude: -0.1246, system: .wgs84)
        let paris = GeoPoint(latitude: 48.8584, longitude: 2.2945, system: .wgs84)
        #expect(abs(london.distance(to: paris) - 340_538.92) < 0.01)
        #expect(london.distance(to: paris) == paris.distance(to: london))
    }
}
