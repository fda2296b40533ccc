import Foundation

/// The WGS-84 ⇄ GCJ-02 shift: the widely published formula (the "eviltransform" family of
/// libraries), on the Krasovsky 1940 ellipsoid. Pure; all values in degrees.
enum ChinaDatumShift {
    typealias LatLon = (latitude: Double, longitude: Double)

    /// Krasovsky 1940 semi-major axis, metres.
    private static let semiMajorAxis = 6_378_245.0
    /// Krasovsky 1940 first eccentricity squared.
    private static let eccentricitySquared = 0.00669342162296594323

    /// Whether GCJ-02 leaves the point alone: the standard test is a bounding box around
    /// mainland China, so Tokyo, London or New York pass through unchanged.
    static func isOutsideChina(_ point: LatLon) -> Bool {
        !(72.004...137.8347).contains(point.longitude) || !(0.8293...55.8271).contains(point.latitude)
    }

    /// The GCJ-02 point a WGS-84 point is drawn at.
    static func gcj02(fromWGS84 wgs: LatLon) -> LatLon {
        guard !isOutsideChina(wgs) else { return wgs }
        let shift = offset(at: wgs)
        return (wgs.latitude + shift.latitude, wgs.longitude + shift.longitude)
    }

    /// The WGS-84 point that GCJ-02 draws at `gcj`.
    ///
    /// The forward shift has no closed-form inverse. Fixed-point iteration `w ← w + (g − f(w))`
    /// converges fast because the offset changes by well under 1 % per degree; we stop once a
    /// step is below 1e-9° (about 0.1 mm), or after 20 steps, far below the 0.5 m we promise.
    static func wgs84(fromGCJ02 gcj: LatLon) -> LatLon {
        guard !isOutsideChina(gcj) else { return gcj }
        var wgs = gcj
        for _ in 0..<20 {
            let forward = gcj02(fromWGS84: wgs)
            let stepLatitude = gcj.latitude - forward.latitude
            let stepLongitude = gcj.longitude - forward.longitude
            wgs = (wgs.latitude + stepLatitude, wgs.longitude + stepLongitude)
            if abs(stepLatitude) < 1e-9, abs(stepLongitude) < 1e-9 { break }
        }
        return wgs
    }

    // MARK: - Private

    /// The GCJ-02 offset in degrees at a WGS-84 point.
    private static func offset(at wgs: LatLon) -> LatLon {
        let x = wgs.longitude - 105.0
        let y = wgs.latitude - 35.0
        let radLat = wgs.latitude / 180.0 * .pi
        let sinLat = sin(radLat)
        let magic = 1 - eccentricitySquared * sinLat * sinLat
        let sqrtMagic = magic.squareRoot()
        // Metres per degree of latitude (meridian radius) and of longitude (parallel radius).
        let latitudeScale = (semiMajorAxis * (1 - eccentricitySquared)) / (magic * sqrtMagic) * .pi / 180.0
        let longitudeScale = semiMajorAxis / sqrtMagic * cos(radLat) * .pi / 180.0
        return (latitudeOffset(x, y) / latitudeScale, longitudeOffset(x, y) / longitudeScale)
    }

    private static func latitudeOffset(_ x: Double, _ y: Double) -> Double {
        var value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        value += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        value += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        value += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return value
    }

    private static func longitudeOffset(_ x: Double, _ y: Double) -> Double {
        var value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        value += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        value += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        value += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return value
    }
}
