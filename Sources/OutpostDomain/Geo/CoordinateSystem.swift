/// The datum a latitude/longitude pair is expressed in (DOMAIN.md §1.10 `coord_system`).
///
/// A raw GPS fix is WGS-84. Maps published in mainland China shift it on purpose: AMap and
/// Tencent draw GCJ-02 ("Mars coordinates"), Baidu draws BD-09. The same spot differs by
/// 100–700 m between them, so a point is meaningless without its system.
public enum CoordinateSystem: String, Sendable, Hashable, Codable, CaseIterable {
    /// The GPS datum; what a device's location service reports.
    case wgs84
    /// The obfuscated datum of mainland Chinese maps (AMap, Tencent); the server's storage datum.
    case gcj02
    /// Baidu's datum: GCJ-02 with a further offset.
    case bd09
}
