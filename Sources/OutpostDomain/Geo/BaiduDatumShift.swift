import Foundation

/// The GCJ-02 ⇄ BD-09 shift, as Baidu publishes it for its BD09LL coordinates. Pure; degrees.
///
/// Unlike GCJ-02 it has no out-of-China rule: the formula is applied everywhere, and the two
/// directions are each other's inverse to within centimetres.
enum BaiduDatumShift {
    typealias LatLon = (latitude: Double, longitude: Double)

    private static let xPi = Double.pi * 3000.0 / 180.0

    /// The BD-09 point Baidu draws for a GCJ-02 point.
    static func bd09(fromGCJ02 gcj: LatLon) -> LatLon {
        let x = gcj.longitude
        let y = gcj.latitude
        let z = (x * x + y * y).squareRoot() + 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
        return (z * sin(theta) + 0.006, z * cos(theta) + 0.0065)
    }

    /// The GCJ-02 point for a BD-09 point.
    static func gcj02(fromBD09 bd: LatLon) -> LatLon {
        let x = bd.longitude - 0.0065
        let y = bd.latitude - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        return (z * sin(theta), z * cos(theta))
    }
}
