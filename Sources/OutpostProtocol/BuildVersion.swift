import OutpostDomain

/// What `outpost --version` and `outpost-server --version` print: the release, the protocol
/// versions this build speaks and the schema it carries (two builds sync when their protocol
/// ranges overlap and their schema fingerprints are equal, spec §3 and §8.4).
public enum BuildVersion {
    /// The release of the binaries.
    public static let release = "0.9.0"

    /// One line: `0.9.0 (protocol v1–v2, schema 5, fingerprint 40473c1f131058fa)`.
    public static var description: String {
        let schema = OutpostSchema.current
        return "\(release) (protocol v\(ProtocolVersion.supported.lowerBound)–v\(ProtocolVersion.supported.upperBound), "
            + "schema \(schema.version), fingerprint \(schema.fingerprint))"
    }
}
