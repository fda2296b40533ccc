/// Failures the CLI itself detects, outside the replica and the transport.
enum OutpostCLIError: Error, CustomStringConvertible {
    /// The replica file cannot be opened (missing directory, no permission, not a replica).
    case cannotOpenReplica(path: String, reason: String)

    var description: String {
        switch self {
        case let .cannotOpenReplica(path, reason):
            "Cannot open the replica at \(path) (\(reason)). Check that its directory exists and is writable, or pass another path with --replica."
        }
    }
}
