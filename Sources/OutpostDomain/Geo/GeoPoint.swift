/// A latitude/longitude pair in degrees together with the datum it is expressed in.
///
/// Convert with ``converted(to:)`` before comparing points from different sources; measure
/// with ``distance(to:)``, which does the conversion itself.
///
/// ```swift
/// let fix = GeoPoint(latitude: 39.9087, longitude: 116.3975, system: .wgs84)
/// let onAMap = fix.converted(to: .gcj02)   // shifted by a few hundred metres
/// ```
public struct GeoPoint: Sendable, Hashable, Codable {
    /// Degrees north, −90…90.
    public var latitude: Double
    /// Degrees east, −180…180.
    public var longitude: Double
    /// The datum `latitude` and `longitude` are expressed in.
    public var system: CoordinateSystem

    /// A point in the given datum. The values are taken as they are; validating ranges is the
    /// caller's job, where it can report the field that was wrong.
    public init(latitude: Double, longitude: Double, system: CoordinateSystem) {
        self.latitude = latitude
        self.longitude = longitude
        self.system = system
    }

    /// The same place expressed in `target`.
    ///
    /// WGS-84 → GCJ-02 is the published GCJ-02 formula; points outside mainland China's
    /// bounding box are left unchanged, as the maps leave them. GCJ-02 → WGS-84 inverts it
    /// iteratively to well under 0.5 m. BD-09 goes through GCJ-02.
    /// - Returns: `self` when `target` is already the point's system.
    public func converted(to target: CoordinateSystem) -> GeoPoint {
        guard target != system else { return self }
        let gcj: (latitude: Double, longitude: Double) = switch system {
        case .gcj02: (latitude, longitude)
        case .wgs84: ChinaDatumShift.gcj02(fromWGS84: (latitude, longitude))
        case .bd09: BaiduDatumShift.gcj02(fromBD09: (latitude, longitude))
        }
        let out: (latitude: Double, longitude: Double) = switch target {
        case .gcj02: gcj
        case .wgs84: ChinaDatumShift.wgs84(fromGCJ02: gcj)
        case .bd09: BaiduDatumShift.bd09(fromGCJ02: gcj)
        }
        return GeoPoint(latitude: out.latitude, longitude: out.longitude, system: target)
    }
}
