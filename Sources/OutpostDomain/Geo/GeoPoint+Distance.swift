import Foundation

extension GeoPoint {
    /// The mean Earth radius used for distances, in metres.
    public static let earthRadiusMeters = 6_371_000.0

    /// The great-circle (haversine) distance to `other`, in metres.
    ///
    /// Both points are first expressed in GCJ-02, the server's storage datum (DOMAIN.md ),
    /// so a WGS-84 fix and a GCJ-02 customer address are compared in one system. Mixing
    /// systems without converting would add 100–700 m of error to every geofence check.
    public func distance(to other: GeoPoint) -> Double {
        let a = converted(to: .gcj02)
        let b = other.converted(to: .gcj02)
        let phi1 = a.latitude * .pi / 180
        let phi2 = b.latitude * .pi / 180
        let deltaPhi = (b.latitude - a.latitude) * .pi / 180
        let deltaLambda = (b.longitude - a.longitude) * .pi / 180
        let h = sin(deltaPhi / 2) * sin(deltaPhi / 2)
            + cos(phi1) * cos(phi2) * sin(deltaLambda / 2) * sin(deltaLambda / 2)
        // min(1, …) keeps rounding from pushing asin out of its domain for antipodal points.
        return 2 * Self.earthRadiusMeters * asin(min(1, h.squareRoot()))
    }
}
